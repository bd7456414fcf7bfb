import { Timestamp } from 'firebase-admin/firestore';
import { logEvent, logFailure } from '../logs.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

/**
 * Takes out of their calls everyone whose app went silent: every `activeCalls` entry whose last
 * heartbeat is older than the liveness timeout becomes a `lost` event of its call, which decides
 * again in its transaction (a heartbeat or a hang-up that came meanwhile wins). One query, at most
 * `limit` entries, oldest first; what is left waits for the next run. Returns how many it looked at.
 */
export async function sweepSilentParticipants(deps: CallEventDeps & { maxCallMs?(): number }, limit = 500): Promise<number> {
  const cutoff = Timestamp.fromMillis(deps.now() - deps.liveness().timeoutMs);
  const silent = await deps.store.activeCalls().where('aliveAt', '<', cutoff).orderBy('aliveAt').limit(limit).get();
  await eachOnItsOwn(
    silent.docs,
    (entry) => runCallEvent(deps, { callId: entry.data().callId }, { kind: 'lost', uid: entry.id }),
    (entry) => ({ uid: entry.id }),
  );
  const overlong = deps.maxCallMs ? await endCallsPastTimeLimit(deps, deps.maxCallMs(), limit) : 0;
  logEvent('call.liveness.sweep', { silent: silent.size, overlong });
  return silent.size;
}

/**
 * Ends every call going on for longer than `maxCallMs` (MAX_CALL_MINUTES): found, as the silent
 * ones are, through the `activeCalls` entries of the people in it, whose `since` is no later than
 * the call's first accept. Each call's `time_limit` event decides on the call itself (its
 * `startedAt`), so an entry older than its call's start ends nothing early. Returns how many
 * calls it looked at.
 */
async function endCallsPastTimeLimit(deps: CallEventDeps, maxCallMs: number, limit: number): Promise<number> {
  const cutoff = Timestamp.fromMillis(deps.now() - maxCallMs);
  const entries = await deps.store.activeCalls().where('since', '<', cutoff).orderBy('since').limit(limit).get();
  const callIds = [...new Set(entries.docs.map((entry) => entry.data().callId))];
  await eachOnItsOwn(
    callIds,
    (callId) => runCallEvent(deps, { callId }, { kind: 'time_limit', maxCallMs }),
    (callId) => ({ callId }),
  );
  return callIds.length;
}

/**
 * Runs the sweep's events side by side: one that cannot be settled (its call is gone) is logged
 * with what names it, and must not hold back the others.
 */
async function eachOnItsOwn<T>(items: T[], run: (item: T) => Promise<unknown>, named: (item: T) => Record<string, string>): Promise<void> {
  const results = await Promise.allSettled(items.map(run));
  results.forEach((result, index) => {
    if (result.status === 'rejected') logFailure('call.liveness.sweep', result.reason, named(items[index] as T));
  });
}
