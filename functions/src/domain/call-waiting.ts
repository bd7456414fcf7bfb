import type { CallChange } from './call-changes.js';
import type { Call } from './call.js';
import { type CallEvent, type CallFacts, type EventOutcome, decideCallEvent } from './call-events.js';

type Accept = Extract<CallEvent, { kind: 'accept' }>;

/** The call the callee is in now, as the end-and-accept reads it: the call, and the facts its leave needs. */
export interface CurrentCall {
  call: Call;
  facts: CallFacts;
}

/**
 * The call an accept with `endCurrent` would end: the one the callee's `activeCalls` entry names,
 * when it is another call. The handler reads it (and what leaving it needs) in the same transaction.
 */
export const currentCallOf = (call: Call, event: CallEvent, facts: CallFacts): string | undefined => {
  if (event.kind !== 'accept' || !event.endCurrent) return undefined;
  const entry = facts.active[event.calleeId];
  return entry && entry.callId !== call.callId ? entry.callId : undefined;
};

/** The leave that ends the callee's part in their current call. */
export const leaveCurrent = (event: Accept): CallEvent => ({ kind: 'leave', by: event.calleeId, forEveryone: false });

/**
 * Call waiting's "end and accept": the callee leaves the call they are in (a one-to-one call ends
 * for its other party) and accepts this one, in one transaction, so they are never in two calls
 * and never in none while the new caller waits. The current call is left only when the accept
 * itself goes through: an accept refused (the ring was answered elsewhere, or its time is up)
 * leaves the current call as it is. A current call already over (its other party hung up first)
 * needs no ending. Returns the changes in the order to write them.
 */
export function decideEndAndAccept(
  call: Call,
  event: Accept,
  facts: CallFacts,
  current: CurrentCall | undefined,
  nowMs: number,
  livenessMs: number,
): { ending?: CallChange; outcome: EventOutcome } {
  if (!current) return { outcome: decideCallEvent(call, event, facts, nowMs, livenessMs) };
  // Judged as if the callee had already left: their entry names the call they are leaving.
  const withoutCurrent: CallFacts = { ...facts, active: { ...facts.active, [event.calleeId]: undefined } };
  const outcome = decideCallEvent(call, event, withoutCurrent, nowMs, livenessMs);
  if (outcome.kind !== 'change' || outcome.refusal) return { outcome };
  const leaving = decideCallEvent(current.call, leaveCurrent(event), current.facts, nowMs, livenessMs);
  if (leaving.kind !== 'change') return { outcome };
  // The accept writes the callee's entry anew: the ending must not also delete it.
  const ending = { ...leaving.change, leaving: leaving.change.leaving.filter((uid) => uid !== event.calleeId) };
  return { ending, outcome };
}
