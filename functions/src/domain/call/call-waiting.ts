import type { CallChange } from './call-changes.js';
import type { Call } from './call.js';
import { type CallEvent, type CallFacts, type EventOutcome, decideCallEvent } from './call-events.js';
import { isAlive } from './liveness.js';

/** The events that put a user into a call. */
type Entering = Extract<CallEvent, { kind: 'accept' } | { kind: 'join' }>;

/** The call the user is in now, as the event reads it: the call, the facts leaving it needs, and how they leave it. */
export interface CurrentCall {
  call: Call;
  facts: CallFacts;
  leave: CallEvent;
}

/** Who enters the call by this event. */
export const enteringUid = (event: Entering): string => (event.kind === 'accept' ? event.calleeId : event.by);

/**
 * The call a user leaves by entering this one, and how: the one their `activeCalls` entry names,
 * when it is another call. With `endCurrent` (call waiting) they hang up on it (`leave`); when
 * their app went silent there (no heartbeat within the liveness timeout) they are `lost` from it,
 * as the sweep would have done, so no user is ever in two calls. A user alive in another call
 * without `endCurrent` leaves nothing: the event itself is refused as busy. The handler reads the
 * current call (and what leaving it needs) in the same transaction.
 */
export function currentCallOf(
  call: Call,
  event: CallEvent,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): { callId: string; leave: CallEvent } | undefined {
  if (event.kind !== 'accept' && event.kind !== 'join') return undefined;
  const uid = enteringUid(event);
  const entry = facts.active[uid];
  if (!entry || entry.callId === call.callId) return undefined;
  if (event.kind === 'accept' && event.endCurrent) return { callId: entry.callId, leave: { kind: 'leave', by: uid, forEveryone: false } };
  if (!isAlive(entry.aliveAt, nowMs, livenessMs)) return { callId: entry.callId, leave: { kind: 'lost', uid } };
  return undefined;
}

/**
 * Entering a call while in another: the user leaves the call they are in (a one-to-one call ends
 * for its other party: `hung_up` after call waiting's "end and accept", `lost` after a silence)
 * and enters this one, in one transaction, so they are never in two calls and never in none while
 * the new caller waits. The current call is left only when the entry itself goes through: one
 * refused (the ring was answered elsewhere, or its time is up) leaves the current call as it is. A
 * current call already over (its other party hung up first) needs no ending. Returns the changes
 * in the order to write them.
 */
export function decideEndAndAccept(
  call: Call,
  event: Entering,
  facts: CallFacts,
  current: CurrentCall | undefined,
  nowMs: number,
  livenessMs: number,
): { ending?: CallChange; outcome: EventOutcome } {
  if (!current) return { outcome: decideCallEvent(call, event, facts, nowMs, livenessMs) };
  const uid = enteringUid(event);
  // Judged as if the user had already left: their entry names the call they are leaving.
  const withoutCurrent: CallFacts = { ...facts, active: { ...facts.active, [uid]: undefined } };
  const outcome = decideCallEvent(call, event, withoutCurrent, nowMs, livenessMs);
  if (outcome.kind !== 'change' || outcome.refusal) return { outcome };
  const leaving = decideCallEvent(current.call, current.leave, current.facts, nowMs, livenessMs);
  if (leaving.kind !== 'change') return { outcome };
  // The entry writes the user's activeCalls entry anew: the ending must not also delete it.
  const ending = { ...leaving.change, leaving: leaving.change.leaving.filter((left) => left !== uid) };
  return { ending, outcome };
}
