import type { CallState } from '../../domain/group-call.js';
import { type DocumentSnapshot, Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { ActiveCallFacts } from '../../domain/call-state.js';
import type { Collections } from './collections.js';
import type { ActiveCallDoc, CallDoc } from './documents.js';

// Converts between the stored call document and the domain's CallState and the history's summary.

export function callStateOf(doc: CallDoc): CallState {
  return { callerId: doc.callerId, callerIn: doc.callerState === 'in', status: doc.status, callees: doc.callees, allowJoin: doc.allowJoin };
}

/** The fields of the call document a change of state rewrites. */
export function callStateFields(state: CallState): Pick<CallDoc, 'status' | 'callees' | 'callerState'> {
  return { status: state.status, callees: state.callees, callerState: state.callerIn ? 'in' : 'left' };
}

/**
 * More than two people may be in it: placed with `calleeIds` (whoever of them was rung), or
 * members allowed to join. A call placed with `calleeId` answers in the one-to-one shape.
 */
export const isGroupCall = (doc: CallDoc): boolean => doc.group || doc.calleeIds.length > 1 || doc.allowJoin;

export function activeCallFacts(entry: ActiveCallDoc | undefined): ActiveCallFacts | undefined {
  return entry && { callId: entry.callId, invitationId: entry.invitationId, since: entry.since.toMillis() };
}

/** A user's `activeCalls` entry for the call they are now in; `deviceId`, the callee's device that joined. */
export function activeCallEntry(
  call: { callId: string; invitationId: string; roomId: string; conversationId: string },
  nowMs: number,
  deviceId?: string | null,
): ActiveCallDoc {
  return { ...call, since: Timestamp.fromMillis(nowMs), ...(deviceId === undefined ? {} : { deviceId }) };
}

/** The `activeCalls` entries of these users, read in the transaction (each once). */
export function readActiveCalls(tx: Transaction, store: Collections, uids: Iterable<string>): Promise<DocumentSnapshot<ActiveCallDoc>[]> {
  return tx.getAll(...[...new Set(uids)].map((uid) => store.activeCall(uid)));
}
