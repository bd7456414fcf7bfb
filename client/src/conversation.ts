import { type Firestore, type Unsubscribe, addDoc, collection, onSnapshot, orderBy, query, serverTimestamp } from 'firebase/firestore';
import type { CallInvitationSummary, CallSummary } from './contract.js';

export interface TextMessage {
  id: string;
  type: 'text';
  senderId: string;
  text: string;
  /** epoch ms; undefined for a moment while the server stamps a message just sent */
  createdAt?: number;
}

/** A call in history: `call` for every call (each callee's answer), `callInvitation` for a one-to-one call. */
export interface CallMessage {
  id: string;
  type: 'system';
  senderId: string;
  text: string;
  createdAt?: number;
  callInvitation?: CallInvitationSummary;
  call?: CallSummary;
}

export type HistoryMessage = TextMessage | CallMessage;

/** The conversation's messages in order, at once and at every change; returns the unsubscribe. */
export function watchConversation(
  db: Firestore,
  conversationId: string,
  listener: (messages: HistoryMessage[]) => void,
  onError?: (error: Error) => void,
): Unsubscribe {
  const messages = query(collection(db, 'conversations', conversationId, 'messages'), orderBy('createdAt'));
  return onSnapshot(
    messages,
    (snapshot) =>
      listener(
        snapshot.docs.map((d) => {
          const data = d.data({ serverTimestamps: 'estimate' });
          const createdAt = data.createdAt ? (data.createdAt.toMillis() as number) : undefined;
          return {
            ...(data as Omit<HistoryMessage, 'id' | 'createdAt'>),
            id: d.id,
            ...(createdAt === undefined ? {} : { createdAt }),
          } as HistoryMessage;
        }),
      ),
    onError,
  );
}

/** Posts a text message as the signed-in user (the rules stamp and check it). */
export async function postText(db: Firestore, conversationId: string, senderId: string, text: string): Promise<string> {
  const ref = await addDoc(collection(db, 'conversations', conversationId, 'messages'), {
    type: 'text',
    senderId,
    text,
    createdAt: serverTimestamp(),
  });
  return ref.id;
}
