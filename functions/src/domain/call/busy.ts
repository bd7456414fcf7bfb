import { isAlive } from './liveness.js';

/**
 * A user is busy while they are alive in a call: `aliveAtMs` is their last heartbeat (see
 * liveness.ts), if they are in one. A user whose app went silent (crashed, offline) is not busy,
 * whether or not the sweep has taken them out of that call yet.
 */
export function isBusy(aliveAtMs: number | undefined, nowMs: number, livenessMs: number): boolean {
  return aliveAtMs !== undefined && isAlive(aliveAtMs, nowMs, livenessMs);
}

/** The call a user is in, as `activeCalls/{uid}` holds it. */
export interface ActiveCallFacts {
  callId: string;
  /** The invitation to name to its owner. */
  invitationId: string;
  /** epoch ms: when they entered it. */
  since: number;
  /** epoch ms: their last heartbeat (entering counts as the first). */
  aliveAt: number;
  /** On a callee's entry: the device that accepted (null when the app named none). */
  deviceId?: string | null;
}

/**
 * Entering a call puts its parties in it, so it is refused while one is in another call: the
 * callee (or joiner) is told which (it is their own call), the callee is not told the caller's.
 */
export function acceptConflict(
  callId: string,
  callerActive: ActiveCallFacts | undefined,
  calleeActive: ActiveCallFacts | undefined,
  nowMs: number,
  livenessMs: number,
): { reason: string; details?: { activeInvitationId: string } } | undefined {
  // Being in this very call is no conflict: in a group call the caller is in it from the first accept.
  const elsewhere = (active: ActiveCallFacts | undefined) =>
    active && active.callId !== callId && isBusy(active.aliveAt, nowMs, livenessMs);
  if (calleeActive && elsewhere(calleeActive)) {
    return { reason: 'you are already in another call', details: { activeInvitationId: calleeActive.invitationId } };
  }
  return elsewhere(callerActive) ? { reason: 'the caller is in another call' } : undefined;
}

/**
 * A repeated accept is the same answer only from the device that won (or, for a client that names
 * no device, from no device): two devices of one callee must not both join the call.
 * `acceptedBy` is the callee's `activeCalls` entry.
 */
export function isSameAccept(invitationId: string, acceptedBy: ActiveCallFacts | undefined, deviceId: string | undefined): boolean {
  return acceptedBy?.invitationId === invitationId && (acceptedBy.deviceId ?? null) === (deviceId ?? null);
}
