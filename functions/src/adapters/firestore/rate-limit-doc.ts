import { createHash } from 'node:crypto';
import { type DocumentReference, FieldValue, Timestamp, type WriteBatch } from 'firebase-admin/firestore';
import type { RateWindow } from '../../domain/users/rate-limit.js';
import type { RateLimitDoc } from './documents.js';

/** A rate-limit window nobody writes to any more is deleted this long after (Firestore TTL on `expireAt`). */
const RATE_DOC_TTL_MS = 24 * 60 * 60 * 1000;

/** Uids may hold characters a field path cannot: the per-callee counts are keyed by a hash. */
export const calleeKey = (calleeId: string): string => createHash('sha256').update(calleeId).digest('hex').slice(0, 24);

export function rateWindow(doc: RateLimitDoc | undefined): RateWindow | undefined {
  return doc && { windowStart: doc.windowStart.toMillis(), count: doc.count, perCallee: doc.perCallee };
}

export function rateLimitDoc(window: RateWindow): RateLimitDoc {
  return {
    windowStart: Timestamp.fromMillis(window.windowStart),
    count: window.count,
    perCallee: window.perCallee,
    expireAt: Timestamp.fromMillis(window.windowStart + RATE_DOC_TTL_MS),
  };
}

/**
 * Counts a call's invitations (one per callee) in the caller's window with blind writes: an increment while the window
 * read before the commit is still current, a fresh window otherwise. No transactional read
 * means a caller's concurrent calls do not serialize on this document; the price is that calls
 * sent at the very same moment can pass the limit by the number in flight (a cap on abuse, not
 * on billing), and two that start a new window at once count as one.
 */
export function writeRateWindow(
  batch: WriteBatch,
  ref: DocumentReference<RateLimitDoc>,
  read: RateWindow | undefined,
  next: RateWindow,
  keys: string[],
): void {
  if (read && read.windowStart === next.windowStart) {
    const perCallee = Object.fromEntries(keys.map((key) => [key, FieldValue.increment(1)]));
    batch.set(ref.withConverter(null), { count: FieldValue.increment(keys.length), perCallee }, { merge: true });
  } else {
    batch.set(ref, rateLimitDoc(next));
  }
}
