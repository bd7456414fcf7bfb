/** An accepted call that nobody ended (an app that crashed) stops making its users busy after this long. */
export const BUSY_STALE_MS = 4 * 60 * 60 * 1000;

/** `acceptedAtMs` is when the user's current call was accepted, if they are in one. */
export function isBusy(acceptedAtMs: number | undefined, nowMs: number): boolean {
  return acceptedAtMs !== undefined && nowMs - acceptedAtMs < BUSY_STALE_MS;
}

/** The call a user is in, as `activeCalls/{uid}` holds it. */
export interface ActiveCallFacts {
  callId: string;
  /** The invitation to name to its owner. */
  invitationId: string;
  /** epoch ms */
  since: number;
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
): { reason: string; details?: { activeInvitationId: string } } | undefined {
  // Being in this very call is no conflict: in a group call the caller is in it from the first accept.
  const elsewhere = (active: ActiveCallFacts | undefined) => active && active.callId !== callId && isBusy(active.since, nowMs);
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
