import { Timestamp, type Transaction, type UpdateData } from 'firebase-admin/firestore';
import type { CallChange } from '../../domain/call/call-changes.js';
import type { MovedStatus } from '../../domain/call/call.js';
import { type Collections, paths } from './collections.js';
import { mediaRoomChange } from '../../domain/call/media-room.js';
import { activeCallEntry, callStateFields } from './call-mapping.js';
import type { CallDoc, InvitationDoc, MessageDoc } from './documents.js';
import { type HealthCounting, countOutcomes } from './health-counters.js';
import { outcomeCounts } from '../../domain/health/call-outcome-counts.js';

export interface ChangeContext {
  /** Who asked; undefined for the ring timer and the liveness sweep. */
  actorId: string | undefined;
  nowMs: number;
  /** How often the app of someone entering the call writes its heartbeat (on their `activeCalls` entry). */
  heartbeatSeconds: number;
  /** A media server keeps the call's room (MEDIA_PROVIDER=livekit): who leaves it is recorded for closeMediaRoom. */
  closesMediaRooms?: boolean;
  /** The rings this change ends are counted, by outcome, in the fleet's delivery health. */
  healthCounting?: HealthCounting;
}

/** How long a media room change is kept (a TTL policy on `expireAt`): past any retry of its trigger. */
const MEDIA_ROOM_CHANGE_TTL_MS = 2 * 24 * 60 * 60 * 1000;

/** `mediaRoomChanges/{id}`: what closeMediaRoom tells the media server (handlers/close-media-room.ts). */
export interface MediaRoomChangeDoc {
  callId: string;
  leaving: string[];
  close: boolean;
  changedAt: Timestamp;
  expireAt: Timestamp;
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

  // With the change itself (an outbox): the room is closed behind whoever left even if this
  // function dies right after, and calls on other providers write nothing and fire nothing.
  if (context.closesMediaRooms) {
    const room = mediaRoomChange(before, call);
    if (room.leaving.length > 0 || room.close) {
      const record: MediaRoomChangeDoc = {
        callId: call.callId,
        ...room,
        changedAt: now,
        expireAt: Timestamp.fromMillis(nowMs + MEDIA_ROOM_CHANGE_TTL_MS),
      };
      tx.create(store.db.collection(paths.mediaRoomChanges).doc(), record);
    }
  }

  if (context.healthCounting) countOutcomes(tx, store, context.healthCounting, outcomeCounts(change), nowMs);

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
