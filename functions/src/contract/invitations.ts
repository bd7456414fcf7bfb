import { z } from 'zod';
import { idSchema } from './ids.js';

export const callTypeSchema = z.enum(['video', 'audio']);
export type CallType = z.infer<typeof callTypeSchema>;

/** `busy` is set at creation when the callee is already in a call; it never rings. */
export const invitationStatusSchema = z.enum(['ringing', 'accepted', 'declined', 'cancelled', 'missed', 'ended', 'busy']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const sendCallInvitationRequestSchema = z.object({
  calleeId: idSchema,
  callType: callTypeSchema.default('video'),
  conversationId: idSchema.optional(),
  /** Makes retries safe: the same requestId from the same caller returns the first result. */
  requestId: idSchema.optional(),
});
export type SendCallInvitationRequest = z.input<typeof sendCallInvitationRequestSchema>;

/** What the system message carries, so history can render the call and its state. */
export interface CallInvitationSummary {
  invitationId: string;
  callerId: string;
  calleeId: string;
  callType: CallType;
  roomId: string;
  status: InvitationStatus;
  /** Set when an accepted call has ended. */
  durationSeconds?: number;
}

export interface SystemMessageView {
  id: string;
  type: 'system';
  senderId: string;
  text: string;
  /** epoch ms */
  createdAt: number;
  callInvitation: CallInvitationSummary;
}

export interface SendCallInvitationResponse {
  invitationId: string;
  conversationId: string;
  roomId: string;
  status: InvitationStatus;
  /** epoch ms */
  expiresAt: number;
  calleeOnline: boolean;
  systemMessage: SystemMessageView;
}
