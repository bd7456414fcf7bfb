import { Timestamp } from 'firebase-admin/firestore';
import type { BlockUserResponse, UnblockUserResponse } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { logEvent } from '../logs.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';

export interface BlockDeps {
  store: Collections;
  userExists(uid: string): Promise<boolean>;
  now(): number;
}

/**
 * Adds a user to the signed-in user's block list: their calls are refused (with a message that
 * does not say why) and they can no longer write into the direct conversation. Blocking again
 * keeps the first `blockedAt`.
 */
export async function blockUser(deps: BlockDeps, uid: string, blockedUid: string): Promise<BlockUserResponse> {
  if (blockedUid === uid) throw new BeckonError('invalid-argument', 'uid: you cannot block yourself', { field: 'uid' });
  if (!(await deps.userExists(blockedUid))) throw new BeckonError('not-found', 'uid: no such user', { field: 'uid' });
  const ref = deps.store.blocked(uid, blockedUid);
  await runContendedTransaction(deps.store.db, async (tx) => {
    if (!(await tx.get(ref)).exists) tx.create(ref, { blockedAt: Timestamp.fromMillis(deps.now()) });
  });
  logEvent('user.blocked', { uid, blockedUid });
  return { blocked: true };
}

export async function unblockUser(deps: BlockDeps, uid: string, blockedUid: string): Promise<UnblockUserResponse> {
  const ref = deps.store.blocked(uid, blockedUid);
  const unblocked = await runContendedTransaction(deps.store.db, async (tx) => {
    const exists = (await tx.get(ref)).exists;
    if (exists) tx.delete(ref);
    return exists;
  });
  logEvent('user.unblocked', { uid, blockedUid, unblocked });
  return { unblocked };
}
