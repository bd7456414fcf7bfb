import { settle } from './call-changes.js';
import type { Call } from './call.js';
import { type CallFacts, type EventOutcome, changed } from './call-outcomes.js';

/**
 * Whether a call has gone on for its time: it ends then, and gives no more credentials. A call
 * whose app forgot it (open on a tablet in a drawer) would otherwise hold its media room, and its
 * people busy, for as long as the heartbeats go on.
 */
export const pastTimeLimit = (call: Pick<Call, 'status' | 'startedAtMs'>, nowMs: number, maxCallMs: number): boolean =>
  call.status === 'active' && call.startedAtMs !== undefined && nowMs >= call.startedAtMs + maxCallMs;

/** The sweep found the call past its time: it ends for everyone, `endedReason: 'time_limit'`. */
export function endAtTimeLimit(call: Call, facts: CallFacts, nowMs: number, maxCallMs: number): EventOutcome {
  if (!pastTimeLimit(call, nowMs, maxCallMs)) return { kind: 'ignore' };
  const ended = settle(call, true);
  return changed(call, { ...ended, call: { ...ended.call, endedReason: 'time_limit' } }, nowMs, facts);
}
