import { Timestamp } from 'firebase-admin/firestore';
import type { Invitation, SystemMessage } from '../../domain/invitation.js';
import type { InvitationDoc, MessageDoc } from './documents.js';
import { sweepShardOf } from '../../domain/sweep-shard.js';

// Converts between the domain's epoch-ms records and the stored documents with Timestamps.

export function invitationToDoc(invitation: Invitation): InvitationDoc {
  const { id, createdAt, expiresAt, ...rest } = invitation;
  return {
    ...rest,
    createdAt: Timestamp.fromMillis(createdAt),
    expiresAt: Timestamp.fromMillis(expiresAt),
    sweepShard: sweepShardOf(id),
  };
}

export function invitationFromDoc(id: string, doc: InvitationDoc): Invitation {
  return {
    id,
    conversationId: doc.conversationId,
    messageId: doc.messageId,
    callerId: doc.callerId,
    calleeId: doc.calleeId,
    callerName: doc.callerName,
    ...(doc.callerPhotoURL ? { callerPhotoURL: doc.callerPhotoURL } : {}),
    callType: doc.callType,
    roomId: doc.roomId,
    status: doc.status,
    createdAt: doc.createdAt.toMillis(),
    expiresAt: doc.expiresAt.toMillis(),
    calleeOnlineAtSend: doc.calleeOnlineAtSend,
    ...(doc.requestId === undefined ? {} : { requestId: doc.requestId }),
  };
}

export function messageToDoc(message: SystemMessage): MessageDoc {
  return {
    type: message.type,
    senderId: message.senderId,
    text: message.text,
    createdAt: Timestamp.fromMillis(message.createdAt),
    callInvitation: message.callInvitation,
  };
}

export function systemMessageFromDoc(id: string, doc: MessageDoc): SystemMessage | undefined {
  if (doc.type !== 'system' || !doc.callInvitation) return undefined;
  return {
    id,
    type: 'system',
    senderId: doc.senderId,
    text: doc.text,
    createdAt: doc.createdAt.toMillis(),
    callInvitation: doc.callInvitation,
  };
}
