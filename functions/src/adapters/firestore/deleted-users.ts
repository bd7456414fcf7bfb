import { Timestamp } from 'firebase-admin/firestore';
import { TOMBSTONE_TTL_MS } from '../../domain/users/deleted-account.js';
import type { Collections } from './collections.js';
import { isCreateConflict } from './write-conflict.js';

/** The account's tombstone, created once: a retry of the clean-up keeps the first deletion's time. */
export async function writeTombstone(store: Collections, uid: string, nowMs: number): Promise<void> {
  try {
    await store
      .deletedUser(uid)
      .create({ deletedAt: Timestamp.fromMillis(nowMs), expireAt: Timestamp.fromMillis(nowMs + TOMBSTONE_TTL_MS) });
  } catch (error) {
    if (!isCreateConflict(error)) throw error;
  }
}
