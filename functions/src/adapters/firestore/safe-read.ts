import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { ZodError } from 'zod';

/**
 * The data of a document that a client writes (presence, profile). Rules validate those, but a
 * malformed one from before a rules change must not break a call: it reads as absent.
 */
export function clientDocData<T>(snapshot: DocumentSnapshot<T>): T | undefined {
  try {
    return snapshot.exists ? snapshot.data() : undefined;
  } catch (error) {
    if (error instanceof ZodError) return undefined;
    throw error;
  }
}
