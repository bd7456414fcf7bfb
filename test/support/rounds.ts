/**
 * `npm run test:soak` sets BECKON_SOAK=1: the races play 50 rounds and the fuzz 1,000 payloads a
 * callable. `npm test` plays a few rounds of each, so that it answers in minutes.
 */
export const SOAK = process.env.BECKON_SOAK === '1';

/** Rounds of each race. */
export const RACE_ROUNDS = SOAK ? 50 : 5;

/**
 * Race rounds run this many at a time, so the emulator on two cores is busy but not swamped. Each
 * request in flight to a function costs the Functions emulator a worker process of its own (a
 * cold start of a second or more of CPU), so the few rounds of `npm test` run two at a time.
 */
export const PARALLEL = SOAK ? 10 : 2;

/** Races against the ring timer each wait out a ring: their rounds run up to ten at a time. */
export const TIMER_PARALLEL = Math.min(RACE_ROUNDS, 10);

/** Plays `rounds` rounds, `parallel` at a time, and returns their results in order. */
export async function inBatches<T>(rounds: number, round: (index: number) => Promise<T>, parallel = PARALLEL): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < rounds; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, rounds - start) }, (_, offset) => round(start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}
