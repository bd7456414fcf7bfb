import type { Transaction } from 'firebase-admin/firestore';
import type { InvitationStatus } from '../../contract/index.js';
import { BeckonError } from '../../domain/beckon-error.js';
import type { Call } from '../../domain/call.js';
import type { CallFacts, CallReads } from '../../domain/call-events.js';
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

/** The call, with the status of the invitation the request named, in one read of the transaction. */
export async function readCall(
  tx: Transaction,
  store: Collections,
  target: CallTarget,
): Promise<{ call: Call; invitationStatus?: InvitationStatus }> {
  const callRef = store.call(target.callId);
  if (target.invitationId === undefined) {
    const doc = (await tx.get(callRef)).data();
    if (!doc) throw new BeckonError('not-found', 'callId: no such call', { field: 'callId' });
    return { call: callOf(target.callId, doc) };
  }
  // Side by side: one round trip.
  const [callSnapshot, invitationSnapshot] = await Promise.all([tx.get(callRef), tx.get(store.invitation(target.invitationId))]);
  const invitation = invitationSnapshot.data();
  if (!invitation) throw noSuchInvitation();
  const doc = callSnapshot.data();
  if (!doc) throw new Error(`invitation ${target.invitationId} has no call ${target.callId}`);
  return { call: callOf(target.callId, doc), invitationStatus: invitation.status };
}

/** What the event reads beside the call (domain/call-events.ts readsFor), in one parallel round. */
export async function readCallFacts(
  tx: Transaction,
  store: Collections,
  call: Call,
  reads: CallReads,
  userId: string | undefined,
): Promise<CallFacts> {
  const [active, conversation, blocks] = await Promise.all([
    reads.activeCalls.length > 0 ? tx.getAll(...reads.activeCalls.map((uid) => store.activeCall(uid))) : [],
    reads.conversation ? tx.get(store.conversation(call.conversationId)) : undefined,
    reads.blocksOf.length > 0 && userId !== undefined ? tx.getAll(...reads.blocksOf.map((uid) => store.blocked(uid, userId))) : [],
  ]);
  return {
    active: activeCallsByUser(active),
    ...(reads.conversation && userId !== undefined
      ? { isConversationMember: conversation?.data()?.memberIds.includes(userId) ?? false }
      : {}),
    ...(reads.blocksOf.length > 0 ? { blockedByParticipant: blocks.some((block) => block.exists) } : {}),
  };
}
