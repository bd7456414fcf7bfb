import { type DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { ActiveCallFacts } from '../../domain/call/busy.js';
import type { Call } from '../../domain/call/call.js';
import type { Entering } from '../../domain/call/call-changes.js';
import type { ActiveCallDoc, CallDoc } from './documents.js';
import { DEFAULT_MAX_CALL_PARTICIPANTS } from '../../contract/calls.js';

// Converts between the stored call document (and `activeCalls` entries) and the domain's Call.

export function callOf(callId: string, doc: CallDoc): Call {
  return {
    callId,
    callerId: doc.callerId,
    callerIn: doc.callerState === 'in',
    status: doc.status,
    callees: doc.callees,
    allowJoin: doc.allowJoin,
    group: doc.group,
    memberIds: doc.memberIds,
    joinedIds: doc.joinedIds ?? [],
    invitationIds: doc.invitationIds,
    roomId: doc.roomId,
    conversationId: doc.conversationId,
    messageId: doc.messageId,
    expiresAtMs: doc.expiresAt.toMillis(),
    lostIds: doc.lostIds ?? [],
    maxParticipants: doc.maxParticipants ?? DEFAULT_MAX_CALL_PARTICIPANTS,
    ...(doc.startedAt ? { startedAtMs: doc.startedAt.toMillis() } : {}),
    ...(doc.endedReason ? { endedReason: doc.endedReason } : {}),
  };
}

/** The fields of the call document that a change of state rewrites. */
export function callStateFields(call: Call): Pick<CallDoc, 'status' | 'callees' | 'callerState'> {
  return { status: call.status, callees: call.callees, callerState: call.callerIn ? 'in' : 'left' };
}

/** The entry's last heartbeat; an entry written before heartbeats existed counts from its start. */
export const aliveAtOf = (entry: ActiveCallDoc): number => (entry.aliveAt ?? entry.since).toMillis();

export function activeCallFacts(entry: ActiveCallDoc | undefined): ActiveCallFacts | undefined {
  return (
    entry && {
      callId: entry.callId,
      invitationId: entry.invitationId,
      since: entry.since.toMillis(),
      aliveAt: aliveAtOf(entry),
      ...(entry.deviceId === undefined ? {} : { deviceId: entry.deviceId }),
    }
  );
}

/** The `activeCalls` entries read, by user. */
export const activeCallsByUser = (snapshots: DocumentSnapshot<ActiveCallDoc>[]): Record<string, ActiveCallFacts | undefined> =>
  Object.fromEntries(snapshots.map((snapshot) => [snapshot.id, activeCallFacts(snapshot.data())]));

/**
 * A user's `activeCalls` entry for the call they enter now. Entering is their first heartbeat; the
 * entry names the interval their app beats at, which the rules hold it to.
 */
export function activeCallEntry(call: Call, entering: Entering, nowMs: number, heartbeatSeconds: number): ActiveCallDoc {
  const now = Timestamp.fromMillis(nowMs);
  return {
    callId: call.callId,
    invitationId: entering.invitationId,
    roomId: call.roomId,
    conversationId: call.conversationId,
    since: now,
    aliveAt: now,
    heartbeatSeconds,
    ...(entering.deviceId === undefined ? {} : { deviceId: entering.deviceId }),
  };
}
