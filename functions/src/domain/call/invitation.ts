import type {
  CallInvitationSummary,
  CallType,
  InvitationStatus,
  SendCallInvitationResponse,
  SystemMessageView,
} from '../../contract/index.js';
import { systemMessageText } from '../push/push-text.js';

/** An invitation as the domain sees it: times in epoch ms, no Firestore types. */
export interface Invitation {
  id: string;
  conversationId: string;
  messageId: string;
  callerId: string;
  calleeId: string;
  callerName: string;
  /** The caller's profile photo, for the call screen of native ring styles. */
  callerPhotoURL?: string;
  callType: CallType;
  roomId: string;
  status: InvitationStatus;
  createdAt: number;
  expiresAt: number;
  calleeOnlineAtSend: boolean;
  requestId?: string;
  /** The call it belongs to (`calls/{callId}`); for a one-to-one call, the invitation's own id. */
  callId: string;
  /** Call waiting: it rings a callee who is in another call. */
  callWaiting?: boolean;
}

/** The system message in history; its shape is the API's, times in epoch ms. */
export type SystemMessage = SystemMessageView;

export interface NewInvitationInput {
  invitationId: string;
  messageId: string;
  roomId: string;
  conversationId: string;
  callerId: string;
  callerName: string;
  callerPhotoURL?: string;
  calleeId: string;
  callType: CallType;
  requestId?: string;
  calleeOnline: boolean;
  nowMs: number;
  ringTimeoutMs: number;
  /** The callee is in another call: the invitation is born `busy` and never rings. */
  busy?: boolean;
  /** The callee is in another call, and call waiting is on: it rings as a waiting call. */
  waiting?: boolean;
  callId: string;
}

/** The invitation and its system message, born together so history and state always agree. */
export function newInvitation(input: NewInvitationInput): { invitation: Invitation; message: SystemMessage } {
  const invitation: Invitation = {
    id: input.invitationId,
    conversationId: input.conversationId,
    messageId: input.messageId,
    callerId: input.callerId,
    calleeId: input.calleeId,
    callerName: input.callerName,
    ...(input.callerPhotoURL ? { callerPhotoURL: input.callerPhotoURL } : {}),
    callType: input.callType,
    roomId: input.roomId,
    status: input.busy ? 'busy' : 'ringing',
    createdAt: input.nowMs,
    expiresAt: input.nowMs + input.ringTimeoutMs,
    calleeOnlineAtSend: input.calleeOnline,
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
    callId: input.callId,
    ...(input.waiting ? { callWaiting: true } : {}),
  };
  const message: SystemMessage = {
    id: input.messageId,
    type: 'system',
    senderId: input.callerId,
    text: systemMessageText(input.callerName, input.callType),
    createdAt: input.nowMs,
    callInvitation: invitationSummary(invitation),
  };
  return { invitation, message };
}

export function invitationSummary(invitation: Invitation): CallInvitationSummary {
  return {
    invitationId: invitation.id,
    callerId: invitation.callerId,
    calleeId: invitation.calleeId,
    callType: invitation.callType,
    roomId: invitation.roomId,
    status: invitation.status,
  };
}

/** What the caller gets back: the note's `call_invitation_sent`, with the system message. */
export function sendCallInvitationResponse(invitation: Invitation, message: SystemMessage): SendCallInvitationResponse {
  return {
    invitationId: invitation.id,
    conversationId: invitation.conversationId,
    roomId: invitation.roomId,
    status: invitation.status,
    expiresAt: invitation.expiresAt,
    calleeOnline: invitation.calleeOnlineAtSend,
    systemMessage: message,
    callId: invitation.callId,
    invitations: [{ calleeId: invitation.calleeId, invitationId: invitation.id, status: invitation.status }],
  };
}
