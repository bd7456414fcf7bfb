import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { RateWindow } from '../../domain/rate-limit.js';
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
