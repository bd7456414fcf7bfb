import { z } from 'zod';
import { idSchema } from './ids.js';
import type { InvitationStatus } from './invitations.js';

export const respondToCallInvitationRequestSchema = z.object({
  invitationId: idSchema,
  action: z.enum(['accept', 'decline']),
  /**
   * The answering device (its `registerDevice` id). Optional; when given, a retried accept from
   * this device gets the room again and an accept from the callee's other device is refused.
   */
  deviceId: idSchema.optional(),
});
export type RespondToCallInvitationRequest = z.infer<typeof respondToCallInvitationRequestSchema>;
export type RespondToCallInvitationResponse = { status: 'accepted'; roomId: string; conversationId: string } | { status: 'declined' };

export const invitationIdRequestSchema = z.object({ invitationId: idSchema });
export type CancelCallInvitationRequest = z.infer<typeof invitationIdRequestSchema>;
export type EndCallRequest = z.infer<typeof invitationIdRequestSchema>;
export interface CancelCallInvitationResponse {
  status: 'cancelled';
}
export interface EndCallResponse {
  status: 'ended';
}

/** `details` of a `failed-precondition` refusal: where the call is now. */
export interface CallStateErrorDetails {
  status: InvitationStatus;
}

/** Why a `call_cancelled` push asks devices to stop ringing. */
export const stopRingingReasons = ['answered_elsewhere', 'declined', 'cancelled', 'missed'] as const;
export type StopRingingReason = (typeof stopRingingReasons)[number];
