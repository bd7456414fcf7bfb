import { type DocumentReference, FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { LimitedCallable, RequestWindow } from '../../domain/users/request-limit.js';
import type { RequestLimitDoc } from './documents.js';

/** A window nobody writes to any more is deleted this long after (Firestore TTL on `expireAt`). */
const REQUEST_DOC_TTL_MS = 24 * 60 * 60 * 1000;

export function requestWindow(doc: RequestLimitDoc | undefined): RequestWindow | undefined {
  return doc && { windowStart: doc.windowStart.toMillis(), counts: doc.counts };
}

/**
 * Counts one request with a blind write, as the invitations' window does (rate-limit-doc.ts): an
 * increment while the window read is still current, a fresh window otherwise. Requests sent at the
 * very same moment can pass the limit by the number in flight: a cap on abuse, not on billing.
 */
export async function countRequest(
  ref: DocumentReference<RequestLimitDoc>,
  next: RequestWindow,
  sameWindow: boolean,
  callable: LimitedCallable,
): Promise<void> {
  if (sameWindow) {
    await ref.withConverter(null).set({ counts: { [callable]: FieldValue.increment(1) } }, { merge: true });
    return;
  }
  await ref.set({
    windowStart: Timestamp.fromMillis(next.windowStart),
    counts: next.counts as Record<string, number>,
    expireAt: Timestamp.fromMillis(next.windowStart + REQUEST_DOC_TTL_MS),
  });
}
