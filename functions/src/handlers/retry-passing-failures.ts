import { isRetryableError } from '../domain/errors/retryable-error.js';

/** Waits before each further try of a Firestore step that met a passing failure. */
const WAITS_MS = [100, 400, 1_000];

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a step of the push path again, a few times within a second and a half, when Firestore
 * failed in passing (unavailable, a lost race). Cheaper than failing the event: Eventarc's retry
 * comes 10 s or more later, while the call rings. And once devices may have rung, a record that
 * failed would have the retry ring them again.
 */
export async function retryPassingFailures<T>(sleep: ((ms: number) => Promise<void>) | undefined, step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const wait = WAITS_MS[attempt];
      if (wait === undefined || !isRetryableError(error)) throw error;
      await (sleep ?? sleepFor)(wait);
    }
  }
}
