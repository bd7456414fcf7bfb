import { Timestamp } from 'firebase-admin/firestore';
import type { BlockUserResponse, UnblockUserResponse } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { callOf } from '../adapters/firestore/call-mapping.js';
import { eventForBlock } from '../domain/call/block-in-call.js';
import { logEvent } from '../logs.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

export interface BlockDeps extends CallEventDeps {
  userExists(uid: string): Promise<boolean>;
}

/**
 * Adds a user to the signed-in user's block list: their calls are refused (with a message that
 * does not say why) and they can no longer write into the direct conversation. A call the two
 * share now is left by them (leaveSharedCalls). Blocking again keeps the first `blockedAt`.
 */
export async function blockUser(deps: BlockDeps, uid: string, blockedUid: string): Promise<BlockUserResponse> {
  if (blockedUid === uid) throw new BeckonError('invalid-argument', 'uid: you cannot block yourself', { field: 'uid' });
  if (!(await deps.userExists(blockedUid))) throw new BeckonError('not-found', 'uid: no such user', { field: 'uid' });
  const ref = deps.store.blocked(uid, blockedUid);
  await runContendedTransaction(deps.store.db, async (tx) => {
    if (!(await tx.get(ref)).exists) tx.create(ref, { blockedAt: Timestamp.fromMillis(deps.now()) });
  });
  logEvent('user.blocked', { uid, blockedUid });
  await leaveSharedCalls(deps, uid, blockedUid);
  return { blocked: true };
}

/**
 * Nobody stays in a call with someone who blocked them (domain/call/block-in-call.ts): the call the
 * blocker is in, and a group call they place that still rings for the blocked user (the caller has
 * no `activeCalls` entry until someone answers). Each is decided again in its transaction; a call
 * that moved on meanwhile (`failed-precondition`) needs nothing more.
 */
async function leaveSharedCalls(deps: BlockDeps, uid: string, blockedUid: string): Promise<void> {
  const [entry, ringing] = await Promise.all([
    deps.store.activeCall(uid).get(),
    deps.store.invitations().where('callerId', '==', uid).where('calleeId', '==', blockedUid).where('status', '==', 'ringing').get(),
  ]);
  const current = entry.data()?.callId;
  const callIds = new Set([...(current === undefined ? [] : [current]), ...ringing.docs.map((doc) => doc.data().callId)]);
  for (const callId of callIds) {
    const doc = (await deps.store.call(callId).get()).data();
    const event = doc && eventForBlock(callOf(callId, doc), uid, blockedUid);
    if (!event) continue;
    try {
      await runCallEvent(deps, { callId }, event);
      logEvent('call.left_after_block', { callId, uid, blockedUid, action: event.kind });
    } catch (error) {
      if (!(error instanceof BeckonError && error.code === 'failed-precondition')) throw error;
    }
  }
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
