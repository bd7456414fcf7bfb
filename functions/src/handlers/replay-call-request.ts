import type { CallType } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { type SendCallAnswer, answerOf } from '../domain/call/call-answer.js';
import { isSameCallRequest } from '../domain/call/new-call.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { InvitationDoc } from '../adapters/firestore/documents.js';
import { groupMessageFromDoc, invitationFromDoc, systemMessageFromDoc } from '../adapters/firestore/invitation-mapping.js';

/**
 * The answer a request already stored (same caller, same requestId), or undefined when there is
 * none yet. A requestId reused for a different call is `already-exists`.
 */
export async function replayed(
  store: Collections,
  callId: string,
  calleeIds: string[],
  callType: CallType,
): Promise<SendCallAnswer | undefined> {
  const call = (await store.call(callId).get()).data();
  if (!call) return undefined;
  if (!isSameCallRequest(call, calleeIds, callType)) {
    throw new BeckonError('already-exists', 'requestId: already used for a different call', { field: 'requestId' });
  }
  const [invitationSnaps, messageSnap] = await Promise.all([
    store.db.getAll(...call.calleeIds.map((uid) => store.invitation(call.invitationIds[uid] as string))),
    store.messages(call.conversationId).doc(call.messageId).get(),
  ]);
  const invitations = invitationSnaps.flatMap((snap) => {
    const doc = snap.data() as InvitationDoc | undefined;
    return doc ? [invitationFromDoc(snap.id, doc)] : [];
  });
  const messageDoc = messageSnap.data();
  const message = messageDoc && (systemMessageFromDoc(messageSnap.id, messageDoc) ?? groupMessageFromDoc(messageSnap.id, messageDoc));
  if (!message) throw new Error(`call ${callId} has no system message`);
  return answerOf(callId, calleeIds, invitations, call.status, message);
}
