import type { Transaction } from 'firebase-admin/firestore';
import { BeckonError } from '../../domain/errors/beckon-error.js';
import type { Call } from '../../domain/call/call.js';
import type { CallFacts, CallReads } from '../../domain/call/call-events.js';
import { activeCallsByUser, callOf } from './call-mapping.js';
import type { Collections } from './collections.js';

/** A request's target: a call, and the invitation it named, if it named one. */
export interface CallTarget {
  callId: string;
  invitationId?: string;
}

const noSuchInvitation = () => new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });

/**
 * The call and callee an invitation belongs to, for a request that names an invitationId: the edge
 * turns it into the call, and the event names the callee. Both never change, so this read needs no
 * transaction.
 */
export async function readInvitationTarget(store: Collections, invitationId: string): Promise<CallTarget & { calleeId: string }> {
  const doc = (await store.invitation(invitationId).get()).data();
  if (!doc) throw noSuchInvitation();
  return { callId: doc.callId, invitationId, calleeId: doc.calleeId };
}

/** The call, the first read of every event's transaction. */
export async function readCall(tx: Transaction, store: Collections, callId: string): Promise<Call> {
  const doc = (await tx.get(store.call(callId))).data();
  if (!doc) throw new BeckonError('not-found', 'callId: no such call', { field: 'callId' });
  return callOf(callId, doc);
}

/** What the event reads beside the call (domain/call/call-events.ts readsFor), in one parallel round. */
export async function readCallFacts(
  tx: Transaction,
  store: Collections,
  call: Call,
  reads: CallReads,
  userId: string | undefined,
  invitationId: string | undefined,
): Promise<CallFacts> {
  const [active, conversation, blocks, userBlocks, invitation] = await Promise.all([
    reads.activeCalls.length > 0 ? tx.getAll(...reads.activeCalls.map((uid) => store.activeCall(uid))) : [],
    reads.conversation ? tx.get(store.conversation(call.conversationId)) : undefined,
    reads.blocksOf.length > 0 && userId !== undefined ? tx.getAll(...reads.blocksOf.map((uid) => store.blocked(uid, userId))) : [],
    reads.userBlocks.length > 0 && userId !== undefined ? tx.getAll(...reads.userBlocks.map((uid) => store.blocked(userId, uid))) : [],
    reads.invitation && invitationId !== undefined ? tx.get(store.invitation(invitationId)) : undefined,
  ]);
  const invitationStatus = invitation?.data()?.status;
  return {
    active: activeCallsByUser(active),
    ...(reads.conversation && userId !== undefined
      ? { isConversationMember: conversation?.data()?.memberIds.includes(userId) ?? false }
      : {}),
    ...(reads.blocksOf.length > 0 ? { blockedByMember: blocks.some((block) => block.exists) } : {}),
    ...(reads.userBlocks.length > 0 ? { blocksParticipant: userBlocks.some((block) => block.exists) } : {}),
    ...(invitationStatus ? { invitationStatus } : {}),
  };
}
