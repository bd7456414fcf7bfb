import type { CallState } from '../../domain/group-call.js';
import type { CallDoc } from './documents.js';

// Converts between the stored call document and the domain's CallState and the history's summary.

export function callStateOf(doc: CallDoc): CallState {
  return { callerId: doc.callerId, callerIn: doc.callerState === 'in', status: doc.status, callees: doc.callees, allowJoin: doc.allowJoin };
}

/** The fields of the call document a change of state rewrites. */
export function callStateFields(state: CallState): Pick<CallDoc, 'status' | 'callees' | 'callerState'> {
  return { status: state.status, callees: state.callees, callerState: state.callerIn ? 'in' : 'left' };
}

/**
 * More than two people may be in it: several callees, or members allowed to join. A one-to-one
 * call answers as it did before group calls existed.
 */
export const isGroupCall = (doc: CallDoc): boolean => doc.calleeIds.length > 1 || doc.allowJoin;
