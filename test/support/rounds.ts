/** Race rounds run this many at a time, so the emulator on two cores is busy but not swamped. */
export const PARALLEL = 10;

/** Plays `rounds` rounds, PARALLEL at a time, and returns their results in order. */
export async function inBatches<T>(rounds: number, round: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < rounds; start += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, rounds - start) }, (_, offset) => round(start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}
