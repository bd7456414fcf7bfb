import { Timestamp, type Transaction, type UpdateData } from 'firebase-admin/firestore';
import type { CallChange } from '../../domain/call/call-changes.js';
import type { MovedStatus } from '../../domain/call/call.js';
import type { Collections } from './collections.js';
import { activeCallEntry, callStateFields } from './call-mapping.js';
import type { CallDoc, InvitationDoc, MessageDoc } from './documents.js';

export interface ChangeContext {
  /** Who asked; undefined for the ring timer and the liveness sweep. */
  actorId: string | undefined;
  nowMs: number;
  /** How often the app of someone entering the call writes its heartbeat (on their `activeCalls` entry). */
  heartbeatSeconds: number;
}

/**
 * The one writer of a call's changes: applies, in the event's transaction, everything the change
 * touches: the call document, the invitations it moves, the history line, and the `activeCalls`
 * entries of whoever enters or leaves.
 */
export function writeCallChange(tx: Transaction, store: Collections, change: CallChange, context: ChangeContext): void {
  const { actorId, nowMs } = context;
  const { before, call } = change;
  const now = Timestamp.fromMillis(nowMs);
  for (const [uid, status] of Object.entries(change.invitations)) {
    const invitationId = before.invitationIds[uid];
    if (invitationId === undefined) continue;
    const update = invitationUpdate(status, actorId, now);
    if (status === 'ended' && call.endedReason) update.endedReason = call.endedReason;
    if (change.reply?.senderId === uid) update.declineMessage = change.reply.text;
    tx.update(store.invitation(invitationId), update);
  }

  const callUpdate: UpdateData<CallDoc> = callStateFields(call);
  if (call.memberIds.length !== before.memberIds.length) callUpdate.memberIds = call.memberIds;
  if (call.joinedIds.length !== before.joinedIds.length) callUpdate.joinedIds = call.joinedIds;
  if (change.started) callUpdate.startedAt = now;
  if (call.lostIds.length !== before.lostIds.length) callUpdate.lostIds = call.lostIds;
  if (change.ended) {
    callUpdate.endedAt = now;
    callUpdate.endedBy = actorId ?? 'system';
    if (call.endedReason) callUpdate.endedReason = call.endedReason;
  }
  tx.update(store.call(call.callId), callUpdate);

  // The summary is written whole: it is small, and callee uids need not be valid field-path segments.
  const messageUpdate = { call: change.history.call } as UpdateData<MessageDoc>;
  const { callInvitation } = change.history;
  if (callInvitation) {
    messageUpdate['callInvitation.status'] = callInvitation.status;
    if (callInvitation.durationSeconds !== undefined) messageUpdate['callInvitation.durationSeconds'] = callInvitation.durationSeconds;
  }
  tx.update(store.messages(call.conversationId).doc(call.messageId), messageUpdate);

  if (change.reply) {
    // After the call's line (written when the call was placed), as the callee's own text.
    tx.create(store.messages(call.conversationId).doc(), {
      type: 'text',
      senderId: change.reply.senderId,
      text: change.reply.text,
      createdAt: now,
    });
    tx.update(store.conversation(call.conversationId), { lastMessageAt: now });
  }
  for (const entering of change.entering)
    tx.set(store.activeCall(entering.uid), activeCallEntry(call, entering, nowMs, context.heartbeatSeconds));
  for (const uid of change.leaving) tx.delete(store.activeCall(uid));
}

/** Who answered and when, or who ended it: the ring timer (and a callee busy elsewhere) answers as nobody, and ends as `system`. */
function invitationUpdate(status: MovedStatus, actorId: string | undefined, now: Timestamp): UpdateData<InvitationDoc> {
  if (status === 'ended') return { status, endedAt: now, endedBy: actorId ?? 'system' };
  return { status, respondedAt: now, respondedBy: status === 'missed' || status === 'busy' ? null : (actorId ?? null) };
}
