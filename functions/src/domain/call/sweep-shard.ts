/**
 * Ringing invitations are spread over this many ranges of the sweep's index. Its entries are
 * ordered by `expiresAt`, which only grows: in one range, every new call would land at the same
 * end, and Firestore serves about 500 writes a second to such a range. Sixteen ranges carry the
 * 2,000 new calls a second of a peak (BENCHMARKS.md, "At internet scale").
 */
export const SWEEP_SHARDS = 16;

/** The invitation's range: a stable hash of its id (FNV-1a), so a retry lands in the same one. */
export function sweepShardOf(invitationId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < invitationId.length; i++) {
    hash ^= invitationId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SWEEP_SHARDS;
}
