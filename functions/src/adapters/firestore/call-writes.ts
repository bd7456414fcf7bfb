import { type DocumentSnapshot, Timestamp, type Transaction, type UpdateData } from 'firebase-admin/firestore';
import { type CallChange, callDurationSeconds, callSummary, participants } from '../../domain/group-call.js';
import type { MovedStatus } from '../../domain/call-state.js';
import type { Collections } from './collections.js';
import { callStateFields, isGroupCall } from './call-mapping.js';
import type { ActiveCallDoc, CallDoc, InvitationDoc, MessageDoc } from './documents.js';

export interface CallWrite {
  callId: string;
  /** The call document as read in this transaction. */
  before: CallDoc;
  change: CallChange;
  /** The signed-in user who caused it; undefined for the ring timer. */
  actorId: string | undefined;
  nowMs: number;
  /** Invitations this transaction moves itself, by callee: the one-to-one history follows them. */
  moved: Record<string, MovedStatus>;
  /** `activeCalls` of everyone who was in the call, read in this transaction. */
  activeCalls: DocumentSnapshot<ActiveCallDoc>[];
  /** Extra fields of the call document (members who join). */
  extra?: UpdateData<CallDoc>;
}

/**
 * Writes, in the caller's transaction, everything one change of a call touches: the call document,
 * the history message's summary (and, for one callee, its `callInvitation`), the invitations that
 * end with it (still ringing: cancelled or missed; leaving: ended), and the `activeCalls` entries of
 * whoever is no longer in it. Returns every invitation status it set, by callee.
 */
export function writeCallChange(tx: Transaction, store: Collections, write: CallWrite): Record<string, MovedStatus> {
  const { callId, before, change, actorId, nowMs } = write;
  const now = Timestamp.fromMillis(nowMs);
  const moved: Record<string, MovedStatus> = { ...write.moved };
  for (const uid of change.cancelled) {
    const invitationId = before.invitationIds[uid];
    if (invitationId === undefined || moved[uid]) continue;
    moved[uid] = 'cancelled';
    tx.update(store.invitation(invitationId), { status: 'cancelled', respondedAt: now, respondedBy: actorId ?? null });
  }
  for (const uid of change.missed) {
    const invitationId = before.invitationIds[uid];
    if (invitationId === undefined || moved[uid]) continue;
    moved[uid] = 'missed';
    tx.update(store.invitation(invitationId), { status: 'missed', respondedAt: now, respondedBy: null });
  }
  for (const uid of change.left) {
    const invitationId = before.invitationIds[uid];
    // Whoever joined through joinCall is not in the call by their invitation (they may have none,
    // or one that was missed or declined and stays so).
    if (invitationId === undefined || moved[uid] || before.joinedIds?.includes(uid)) continue;
    moved[uid] = 'ended';
    tx.update(store.invitation(invitationId), {
      status: 'ended',
      endedAt: now,
      endedBy: actorId ?? 'system',
    } satisfies UpdateData<InvitationDoc>);
  }

  const callUpdate: UpdateData<CallDoc> = { ...callStateFields(change.call), ...write.extra };
  if (change.started) callUpdate.startedAt = now;
  if (change.ended) {
    callUpdate.endedAt = now;
    callUpdate.endedBy = actorId ?? 'system';
  }
  tx.update(store.call(callId), callUpdate);

  const startedAt = change.started ? nowMs : before.startedAt?.toMillis();
  const durationSeconds = change.ended && startedAt !== undefined ? callDurationSeconds(startedAt, nowMs) : undefined;
  // The summary is written whole: it is small, and callee uids need not be valid field-path segments.
  const messageUpdate = { call: callSummary(callId, change.call, durationSeconds) } as UpdateData<MessageDoc>;
  const [onlyCallee] = before.calleeIds;
  // Only a one-to-one call's history line has a `callInvitation` to keep in step.
  const oneToOne = !isGroupCall(before) && onlyCallee !== undefined ? moved[onlyCallee] : undefined;
  if (oneToOne) {
    messageUpdate['callInvitation.status'] = oneToOne;
    if (oneToOne === 'ended' && durationSeconds !== undefined) messageUpdate['callInvitation.durationSeconds'] = durationSeconds;
  }
  tx.update(store.messages(before.conversationId).doc(before.messageId), messageUpdate);

  const stillIn = new Set(participants(change.call));
  for (const active of write.activeCalls) {
    const entry = active.data();
    if (entry && entry.callId === callId && !stillIn.has(active.id)) tx.delete(active.ref);
  }
  return moved;
}
