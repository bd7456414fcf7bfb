import { Timestamp } from 'firebase-admin/firestore';
import { logEvent, logFailure } from '../logs.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

/**
 * Takes out of their calls everyone whose app went silent: every `activeCalls` entry whose last
 * heartbeat is older than the liveness timeout becomes a `lost` event of its call, which decides
 * again in its transaction (a heartbeat or a hang-up that came meanwhile wins). One query, at most
 * `limit` entries, oldest first; what is left waits for the next run. Returns how many it looked at.
 */
export async function sweepSilentParticipants(deps: CallEventDeps, limit = 500): Promise<number> {
  const cutoff = Timestamp.fromMillis(deps.now() - deps.liveness().timeoutMs);
  const silent = await deps.store.activeCalls().where('aliveAt', '<', cutoff).orderBy('aliveAt').limit(limit).get();
  const results = await Promise.allSettled(
    silent.docs.map((entry) => runCallEvent(deps, { callId: entry.data().callId }, { kind: 'lost', uid: entry.id })),
  );
  results.forEach((result, index) => {
    // One entry that cannot be settled (its call is gone) must not hold back the others.
    if (result.status === 'rejected') logFailure('call.liveness.sweep', result.reason, { uid: silent.docs[index]?.id });
  });
  logEvent('call.liveness.sweep', { silent: silent.size });
  return silent.size;
}
