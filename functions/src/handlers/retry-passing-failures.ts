import { isRetryableError } from '../domain/errors/retryable-error.js';
import { sleep as sleepFor } from '../sleep.js';

/** Waits before each further try of a Firestore step that met a passing failure. */
const WAITS_MS = [100, 400, 1_000];

/**
 * Longer for the record of a push that went out: failing it has a retry ring the devices again,
 * so it is worth trying for most of the lease (DELIVERY_LEASE_MS, 12 s from the claim).
 */
export const AFTER_SEND_WAITS_MS = [100, 400, 1_000, 2_000, 3_000];

/**
 * Runs a step of the push path again, a few times within a second and a half, when Firestore
 * failed in passing (unavailable, a lost race). Cheaper than failing the event: Eventarc's retry
 * comes 10 s or more later, while the call rings. And once devices may have rung, a record that
 * failed would have the retry ring them again.
 */
export async function retryPassingFailures<T>(
  sleep: ((ms: number) => Promise<void>) | undefined,
  step: () => Promise<T>,
  waits: readonly number[] = WAITS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const wait = waits[attempt];
      if (wait === undefined || !isRetryableError(error)) throw error;
      await (sleep ?? sleepFor)(wait);
    }
  }
}
