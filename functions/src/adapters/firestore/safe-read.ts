import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { ZodError } from 'zod';

/**
 * Reads a document that a client writes (presence, profile). Rules validate those, but a
 * malformed one from before a rules change must not break a call: it reads as absent.
 */
export async function readClientDoc<T>(tx: Transaction, ref: DocumentReference<T>): Promise<T | undefined> {
  try {
    const snapshot = await tx.get(ref);
    return snapshot.exists ? snapshot.data() : undefined;
  } catch (error) {
    if (error instanceof ZodError) return undefined;
    throw error;
  }
}
