import type { InvitationStatus } from '../contract/index.js';

/**
 * The life of a call as a pure state machine:
 *
 *   ringing -> accepted (callee) | declined (callee) | cancelled (caller) | missed (ring timeout)
 *   accepted -> ended (either party)
 *   busy: born so, when the callee was already in a call; it never rings.
 *
 * What happens to one invitation (the callee's answer, the caller's cancel, a hang-up, the ring
 * timer) is decided by `decide`, inside a transaction. Actions on the whole call (joining it,
 * leaving a group call, ending it for everyone) are decided in group-call.ts: two models of one
 * call, which the one-call-model issue merges.
 */
export type CallAction = 'accept' | 'decline' | 'cancel' | 'end' | 'expire' | 'account_deleted';

/** The statuses an action can move a call to. */
export type MovedStatus = 'accepted' | 'declined' | 'cancelled' | 'missed' | 'ended';

export interface CallFacts {
  status: InvitationStatus;
  callerId: string;
  calleeId: string;
  /** epoch ms */
  expiresAt: number;
}

export type CallDecision =
  | { kind: 'move'; to: MovedStatus }
  /** The action is refused; when `markMissed`, the call had timed out and must become missed anyway. */
  | { kind: 'refuse'; code: 'permission-denied' | 'failed-precondition'; reason: string; markMissed: boolean }
  /** The action already won (a retry, or both parties hanging up at once): answer as it did, change nothing. */
  | { kind: 'repeat' }
  /** Nothing to do (the timer fired for a call that is already over). */
  | { kind: 'ignore' };

const ACTOR: Record<Exclude<CallAction, 'expire' | 'account_deleted'>, 'callee' | 'caller' | 'either'> = {
  accept: 'callee',
  decline: 'callee',
  cancel: 'caller',
  end: 'either',
};

const TARGET: Record<Exclude<CallAction, 'expire' | 'account_deleted'>, MovedStatus> = {
  accept: 'accepted',
  decline: 'declined',
  cancel: 'cancelled',
  end: 'ended',
};

/** `actorId` is the signed-in user, or undefined for the ring timer. */
export function decide(call: CallFacts, action: CallAction, actorId: string | undefined, nowMs: number): CallDecision {
  const timedOut = call.status === 'ringing' && nowMs >= call.expiresAt;
  if (action === 'expire') return timedOut ? { kind: 'move', to: 'missed' } : { kind: 'ignore' };
  if (action === 'account_deleted') return afterAccountDeleted(call, actorId);

  const role = ACTOR[action];
  const allowed =
    (role === 'callee' && actorId === call.calleeId) ||
    (role === 'caller' && actorId === call.callerId) ||
    (role === 'either' && (actorId === call.callerId || actorId === call.calleeId));
  if (!allowed) {
    const who = role === 'either' ? 'the caller or the callee' : `the ${role}`;
    return { kind: 'refuse', code: 'permission-denied', reason: `only ${who} may ${action} this call`, markMissed: false };
  }

  const from: InvitationStatus = action === 'end' ? 'accepted' : 'ringing';
  if (timedOut && from === 'ringing') {
    return { kind: 'refuse', code: 'failed-precondition', reason: 'the call stopped ringing (missed)', markMissed: true };
  }
  if (call.status === TARGET[action]) return { kind: 'repeat' };
  if (call.status !== from) {
    return { kind: 'refuse', code: 'failed-precondition', reason: `the call is ${call.status}`, markMissed: false };
  }
  return { kind: 'move', to: TARGET[action] };
}

export const isFinal = (status: InvitationStatus): boolean =>
  status === 'declined' || status === 'cancelled' || status === 'missed' || status === 'ended' || status === 'busy';

/** An accepted call that nobody ended (an app that crashed) stops making its users busy after this long. */
export const BUSY_STALE_MS = 4 * 60 * 60 * 1000;

/** `acceptedAtMs` is when the user's current call was accepted, if they are in one. */
export function isBusy(acceptedAtMs: number | undefined, nowMs: number): boolean {
  return acceptedAtMs !== undefined && nowMs - acceptedAtMs < BUSY_STALE_MS;
}

/**
 * A party's Auth account was deleted: their calls end as if they had left. A ringing call they
 * placed is cancelled, one they did not answer is missed, an accepted one ends. `actorId` is the
 * deleted user.
 */
function afterAccountDeleted(call: CallFacts, deletedUid: string | undefined): CallDecision {
  if (deletedUid !== call.callerId && deletedUid !== call.calleeId) return { kind: 'ignore' };
  if (call.status === 'ringing') return { kind: 'move', to: deletedUid === call.callerId ? 'cancelled' : 'missed' };
  return call.status === 'accepted' ? { kind: 'move', to: 'ended' } : { kind: 'ignore' };
}

/** The accepted call a party is in, as `activeCalls/{uid}` holds it. */
export interface ActiveCallFacts {
  /** The call (for entries stored before calls existed, the invitation's id, which was the call's). */
  callId: string;
  /** The invitation to name to its owner. */
  invitationId: string;
  /** epoch ms */
  since: number;
}

/**
 * A repeated accept is the same answer only from the device that won (or, for a client that names
 * no device, from no device): two devices of one callee must not both join the call.
 * `acceptedBy` is the callee's `activeCalls` entry.
 */
export function isSameAccept(
  invitationId: string,
  acceptedBy: { invitationId: string; deviceId?: string | null } | undefined,
  deviceId: string | undefined,
): boolean {
  return acceptedBy?.invitationId === invitationId && (acceptedBy.deviceId ?? null) === (deviceId ?? null);
}

/**
 * Accepting puts both parties in the call, so it is refused while either is in another one: the
 * callee is told which (it is their own call), the callee is not told the caller's.
 */
export function acceptConflict(
  callId: string,
  callerActive: ActiveCallFacts | undefined,
  calleeActive: ActiveCallFacts | undefined,
  nowMs: number,
): { reason: string; details?: { activeInvitationId: string } } | undefined {
  // Being in this very call is no conflict: in a group call the caller is in it from the first accept.
  const elsewhere = (active: ActiveCallFacts | undefined) => active && active.callId !== callId && isBusy(active.since, nowMs);
  if (calleeActive && elsewhere(calleeActive)) {
    return { reason: 'you are already in another call', details: { activeInvitationId: calleeActive.invitationId } };
  }
  return elsewhere(callerActive) ? { reason: 'the caller is in another call' } : undefined;
}
