import { acceptConflict, isSameAccept } from './busy.js';
import { answerRing, endRinging } from './call-changes.js';
import { type Call, invitationStatusOf, isFull, onlyCalleeOf } from './call.js';
import { type CallFacts, type EventOutcome, changed, refuse, refuseFull, stale } from './call-outcomes.js';
import { isAlive } from './liveness.js';

// The events that end one callee's ring, or every ring: an answer (accept, decline), the caller
// stopping it, and the callee going into another call meanwhile (busy).

const TOO_LATE = 'the call stopped ringing (missed)';

const ONE_RING = {
  accept: { actor: 'callee', to: 'accepted' },
  decline: { actor: 'callee', to: 'declined' },
  cancel: { actor: 'caller', to: 'cancelled' },
} as const;

/**
 * An answer to one callee's ring: the callee accepts or declines, or the caller stops it. Of two
 * racing answers the first wins and the other finds the ring over; one whose time is up makes the
 * ring missed, as the timer would, and is refused.
 */
export function answerOneRing(
  call: Call,
  event: { kind: keyof typeof ONE_RING; by: string; deviceId?: string; message?: string },
  calleeId: string,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): EventOutcome {
  const { actor, to } = ONE_RING[event.kind];
  if (event.by !== (actor === 'callee' ? calleeId : call.callerId)) {
    return refuse('permission-denied', `only the ${actor} may ${event.kind} this call`);
  }
  const state = call.callees[calleeId];
  const invitationId = call.invitationIds[calleeId];
  if (state === undefined || invitationId === undefined) throw new Error(`${calleeId} was not rung in call ${call.callId}`);
  const status = facts.invitationStatus ?? invitationStatusOf(state);
  if (status === 'ringing' && nowMs >= call.expiresAtMs) {
    const missed = changed(call, answerRing(call, calleeId, 'missed'), nowMs, facts, { [calleeId]: 'missed' });
    return { ...missed, refusal: { code: 'failed-precondition', reason: TOO_LATE, details: { status: 'missed' } } };
  }
  if (status === to) {
    if (event.kind !== 'accept' || isSameAccept(invitationId, facts.active[calleeId], event.deviceId)) return { kind: 'repeat' };
    return stale('the call was answered on another device', status);
  }
  if (status !== 'ringing') return stale(`the call is ${status}`, status);
  if (event.kind !== 'accept') {
    const answered = changed(call, answerRing(call, calleeId, to), nowMs, facts, { [calleeId]: to });
    // Not posted to a caller who blocked the callee meanwhile (nor is the callee told: a block is private).
    const posted = event.kind === 'decline' && event.message !== undefined && !facts.blockedByMember;
    const reply = posted ? { senderId: calleeId, text: event.message as string } : undefined;
    return reply ? { ...answered, change: { ...answered.change, reply } } : answered;
  }

  if (facts.blocksParticipant) {
    // A block made while this rang (or the call went on): accepting would put them in a call together.
    return refuse('failed-precondition', 'someone you blocked is in this call', { status });
  }
  if (isFull(call)) return refuseFull(call);
  const conflict = acceptConflict(call.callId, facts.active[call.callerId], facts.active[calleeId], nowMs, livenessMs);
  if (conflict) return refuse('failed-precondition', conflict.reason, { status, ...conflict.details });
  // In a group call the caller is in it from the first accept: later ones leave their entry be,
  // and a caller who has left the call (callerIn false) is not written back into it.
  const callerEnters = call.callerIn && facts.active[call.callerId]?.callId !== call.callId;
  const entering = [
    ...(callerEnters ? [{ uid: call.callerId, invitationId }] : []),
    { uid: calleeId, invitationId, deviceId: event.deviceId ?? null },
  ];
  return changed(call, answerRing(call, calleeId, 'accepted'), nowMs, facts, { [calleeId]: 'accepted' }, entering);
}

/**
 * The caller stops one ring, or every ring not yet answered (whoever is in the call stays in it).
 * A call with one callee is exactly that callee's ring. Rings whose time is up are missed, as the
 * timer would have made them: too late to cancel.
 */
export function cancel(
  call: Call,
  by: string,
  calleeId: string | undefined,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): EventOutcome {
  const oneRing = calleeId ?? onlyCalleeOf(call);
  if (oneRing !== undefined) return answerOneRing(call, { kind: 'cancel', by }, oneRing, facts, nowMs, livenessMs);
  if (by !== call.callerId) return refuse('permission-denied', 'only the caller may cancel this call');
  if (!Object.values(call.callees).includes('ringing')) {
    return call.status === 'cancelled' ? { kind: 'repeat' } : stale(`the call is ${call.status}`, call.status);
  }
  if (nowMs < call.expiresAtMs) return changed(call, endRinging(call, 'cancelled'), nowMs, facts);
  const missed = changed(call, endRinging(call, 'missed'), nowMs, facts);
  return { ...missed, refusal: { code: 'failed-precondition', reason: TOO_LATE, details: { status: missed.change.call.status } } };
}

/**
 * The callee went into another call (accepted it, or joined one) while this one still rang for
 * them: their ring here ends `busy`, as a call to someone on the phone does, and its caller hears
 * so. Decided on what this transaction read: a ring already answered, or a callee who is not alive
 * in another call (they left it meanwhile), is left alone; a ring whose time is up is the timer's.
 */
export function calleeBusy(call: Call, calleeId: string, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const entry = facts.active[calleeId];
  const elsewhere = entry !== undefined && entry.callId !== call.callId && isAlive(entry.aliveAt, nowMs, livenessMs);
  if (call.callees[calleeId] !== 'ringing' || !elsewhere || nowMs >= call.expiresAtMs) return { kind: 'ignore' };
  return changed(call, answerRing(call, calleeId, 'busy'), nowMs, facts, { [calleeId]: 'busy' });
}
