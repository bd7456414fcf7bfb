import { Timestamp } from 'firebase-admin/firestore';
import type { GroupSystemMessageView } from '../../contract/index.js';
import type { Invitation, SystemMessage } from '../../domain/call/invitation.js';
import type { InvitationDoc, MessageDoc } from './documents.js';
import { sweepShardOf } from '../../domain/call/sweep-shard.js';

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
    callId: doc.callId,
    ...(doc.callWaiting ? { callWaiting: true } : {}),
  };
}

export function messageToDoc(message: SystemMessage | GroupSystemMessageView): MessageDoc {
  return {
    type: message.type,
    senderId: message.senderId,
    text: message.text,
    createdAt: Timestamp.fromMillis(message.createdAt),
    ...('callInvitation' in message ? { callInvitation: message.callInvitation } : {}),
    ...(message.call ? { call: message.call } : {}),
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
    ...(doc.call ? { call: doc.call } : {}),
  };
}

export function groupMessageFromDoc(id: string, doc: MessageDoc): GroupSystemMessageView | undefined {
  if (doc.type !== 'system' || !doc.call) return undefined;
  return { id, type: 'system', senderId: doc.senderId, text: doc.text, createdAt: doc.createdAt.toMillis(), call: doc.call };
}
