import { waitForAdminDoc } from '../test/support/admin.js';
import { signUp } from '../test/support/client.js';
import { sendInvitation } from '../test/support/fixtures.js';
import { inBatches } from '../test/support/rounds.js';
import { type Distribution, distribution } from './stats.js';

export interface RingTimeoutResults {
  /** How long after `expiresAt` each unanswered call was marked missed, ms. */
  lateness: Distribution;
  earliestMs: number;
  ringSeconds: number;
}

const RING_SECONDS = 5;
/** Calls ringing at once; explicit, since inBatches' default follows the test suite's soak setting. */
const AT_A_TIME = 10;

/**
 * How late an unanswered call is marked missed on the emulators: `respondedAt - expiresAt` over
 * `calls` calls of a 5 s ring, AT_A_TIME ringing at once, each with a caller and a callee of its own.
 * Deployed, Cloud Tasks runs the expiry task at `expiresAt`; the emulator runs it at once and
 * retries it every 1-2 s, a few at a time per queue, so this is the emulator's lateness, which
 * the ring-timeout tests' bound must clear with a wide margin. Runs first, while no other call rings.
 */
export async function measureRingTimeouts(calls: number, log: (line: string) => void): Promise<RingTimeoutResults> {
  const lateness = await inBatches(
    calls,
    async () => {
      const [caller, callee] = await Promise.all([signUp(), signUp()]);
      const sent = await sendInvitation(caller, { calleeId: callee.uid, ringSeconds: RING_SECONDS });
      const missed = await waitForAdminDoc(
        `callInvitations/${sent.invitationId}`,
        (data) => data?.status === 'missed',
        'the call to be missed',
        120_000,
      );
      return (missed?.respondedAt.toMillis() as number) - sent.expiresAt;
    },
    AT_A_TIME,
  );
  const results = { lateness: distribution(lateness), earliestMs: Math.min(...lateness), ringSeconds: RING_SECONDS };
  log(
    `ring timeouts: missed after expiresAt by p50 ${results.lateness.p50} ms, p95 ${results.lateness.p95} ms, max ${results.lateness.max} ms`,
  );
  return results;
}
