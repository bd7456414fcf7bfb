// The time from a ring's send to its device's receipt, kept as counts in fixed buckets so that
// increments from many workers add up (a list of samples would not). Percentiles come from the
// counts: each is the upper edge of the bucket its rank falls in.

/**
 * Bucket upper edges in ms, each 1.25 times the last (rounded), from 100 ms to 64 s; a last,
 * open bucket holds anything slower. A percentile read from them is never below the true value
 * and at most 25 % above it (the ratio of one edge to the one below), or 100 ms under 100 ms.
 */
export const TIME_TO_RING_EDGES_MS = [
  100, 125, 160, 200, 250, 320, 400, 500, 640, 800, 1_000, 1_250, 1_600, 2_000, 2_500, 3_200, 4_000, 5_000, 6_400, 8_000, 10_000, 12_500,
  16_000, 20_000, 25_000, 32_000, 40_000, 50_000, 64_000,
] as const;

/** The open bucket's name: slower than the last edge. */
export const SLOWEST_BUCKET = 'over';

/** The bucket a time falls in, by the name stored: its upper edge in ms, or `over`. */
export function timeToRingBucket(ms: number): string {
  const edge = TIME_TO_RING_EDGES_MS.find((upper) => ms <= upper);
  return edge === undefined ? SLOWEST_BUCKET : String(edge);
}

/**
 * The `p`th percentile (0-100) of the counts, as the upper edge of the bucket its rank falls in;
 * null without a sample. A rank in the open bucket answers the last edge: "over 64 s" is all the
 * counts can say, and the report says no more.
 */
export function percentileOf(counts: Readonly<Record<string, number>>, p: number): number | null {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const edge of TIME_TO_RING_EDGES_MS) {
    seen += counts[String(edge)] ?? 0;
    if (seen >= rank) return edge;
  }
  return TIME_TO_RING_EDGES_MS[TIME_TO_RING_EDGES_MS.length - 1] as number;
}

/** Adds one histogram into another. */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  for (const [bucket, n] of Object.entries(from ?? {})) into[bucket] = (into[bucket] ?? 0) + n;
}
