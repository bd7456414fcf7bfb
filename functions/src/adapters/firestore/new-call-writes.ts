import { Timestamp } from 'firebase-admin/firestore';
import type { NewCall } from '../../domain/call/new-call.js';
import type { RateWindow } from '../../domain/users/rate-limit.js';
import type { Collections } from './collections.js';
import type { CallDoc } from './documents.js';
import { invitationToDoc, messageToDoc } from './invitation-mapping.js';
import { callStateFields } from './call-mapping.js';
import { writeRateWindow } from './rate-limit-doc.js';

export interface NewCallWrite {
  callId: string;
  conversationId: string;
  messageId: string;
  created: NewCall;
  /** The members of a conversation that does not exist yet (a first direct call), created with the call; absent: it exists. */
  newConversationMembers?: string[];
  callerId: string;
  /** The caller's rate window as read, the window with this call counted, and the keys it counts under. */
  rate: { read: RateWindow | undefined; next: RateWindow; keys: string[] };
  requestId?: string;
  /** How often its participants' apps will beat (domain/call/liveness.ts): the call tells them. */
  heartbeatSeconds: number;
  nowMs: number;
}

/**
 * A new call in one atomic batch: the conversation (created, or stamped), its system message, the
 * call, one invitation per callee rung and the caller's rate window. Every document is created with
 * `create()`: a call id derived from a requestId cannot be written twice, so a retry that loses
 * the race fails here and is answered from what the first one stored.
 */
export async function writeNewCall(store: Collections, write: NewCallWrite): Promise<void> {
  const { created, conversationId } = write;
  const now = Timestamp.fromMillis(write.nowMs);
  const conversationRef = store.conversation(conversationId);
  const batch = store.db.batch();
  if (write.newConversationMembers) {
    batch.create(conversationRef, { memberIds: write.newConversationMembers, createdAt: now, lastMessageAt: now });
  } else {
    batch.update(conversationRef, { lastMessageAt: now });
  }
  batch.create(store.messages(conversationId).doc(write.messageId), messageToDoc(created.message));
  batch.create(store.call(write.callId), callToDoc(write));
  for (const invitation of created.invitations) batch.create(store.invitation(invitation.id), invitationToDoc(invitation));
  writeRateWindow(batch, store.rateLimit(write.callerId), write.rate.read, write.rate.next, write.rate.keys);
  await batch.commit();
}

function callToDoc({ callId, created, requestId, heartbeatSeconds }: NewCallWrite): CallDoc {
  const { call } = created;
  const [first] = created.invitations;
  if (!first) throw new Error(`call ${callId} has no invitation`);
  return {
    callerId: call.callerId,
    conversationId: call.conversationId,
    roomId: call.roomId,
    callType: first.callType,
    messageId: call.messageId,
    memberIds: call.memberIds,
    calleeIds: created.invitations.map((invitation) => invitation.calleeId),
    invitationIds: call.invitationIds,
    ...callStateFields(call),
    allowJoin: call.allowJoin,
    group: call.group,
    maxParticipants: call.maxParticipants,
    createdAt: Timestamp.fromMillis(first.createdAt),
    expiresAt: Timestamp.fromMillis(call.expiresAtMs),
    heartbeatSeconds,
    ...(call.status === 'busy' ? { endedAt: Timestamp.fromMillis(first.createdAt), endedBy: 'system' } : {}),
    ...(requestId === undefined ? {} : { requestId }),
  };
}
