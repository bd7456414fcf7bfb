import {
  type Firestore,
  type Query,
  type Unsubscribe,
  addDoc,
  collection,
  limitToLast,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
} from 'firebase/firestore';
import type { Stop } from './stop.js';
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

/** How many of the latest messages the history listens to at first, and how many more each `loadOlder` adds. */
export const HISTORY_PAGE_SIZE = 50;

export interface HistoryPage {
  /** Whether older messages may exist beyond those listened to (call `loadOlder`). */
  hasOlder: boolean;
}

/** The history's stop, which also pages back. */
export type HistoryStop = Stop & {
  /** Listens to one more page of older messages as well; the listener then gets them in order. */
  loadOlder(): void;
};

/**
 * The conversation's latest messages in order, at once and at every change: the last
 * `pageSize` (50), and a page more at each `loadOlder`, so that opening a conversation never reads
 * more than a page, however long its history. Returns the stop.
 */
export function watchConversation(
  db: Firestore,
  conversationId: string,
  listener: (messages: HistoryMessage[], page: HistoryPage) => void,
  onError?: (error: Error) => void,
  pageSize = HISTORY_PAGE_SIZE,
): HistoryStop {
  let shown = pageSize;
  let unsubscribe: Unsubscribe | undefined;
  const listen = () => {
    unsubscribe?.();
    // Paging back listens to the wider window from then on: older messages still change (a
    // call's line follows its call) and must not be left behind as a stale copy.
    const latest = query(collection(db, 'conversations', conversationId, 'messages'), orderBy('createdAt'), limitToLast(shown));
    unsubscribe = watchMessages(latest, shown, listener, onError);
  };
  listen();
  const stop = async () => {
    unsubscribe?.();
    unsubscribe = undefined;
  };
  return Object.assign(stop, {
    loadOlder() {
      if (unsubscribe === undefined) return;
      shown += pageSize;
      listen();
    },
  });
}

function watchMessages(
  messages: Query,
  shown: number,
  listener: (messages: HistoryMessage[], page: HistoryPage) => void,
  onError?: (error: Error) => void,
): Unsubscribe {
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
        { hasOlder: snapshot.size >= shown },
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
