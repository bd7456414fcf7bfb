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

export const invitationIdRequestSchema = z.object({ invitationId: idSchema });

/** Exactly one of the two: one invitation (one callee), or the whole call. */
const oneOfInvitationOrCall = <T extends { invitationId?: string; callId?: string }>(request: T, context: z.RefinementCtx) => {
  if ((request.invitationId === undefined) === (request.callId === undefined)) {
    const message = request.invitationId === undefined ? 'required (or callId)' : 'give invitationId or callId, not both';
    context.addIssue({ code: 'custom', path: ['invitationId'], message });
  }
};

/** `{ invitationId }` stops one callee's ring; `{ callId }` stops every ring of the call not yet answered. */
export const cancelCallInvitationRequestSchema = z
  .object({ invitationId: idSchema.optional(), callId: idSchema.optional() })
  .superRefine(oneOfInvitationOrCall);
export type CancelCallInvitationRequest = z.infer<typeof cancelCallInvitationRequestSchema>;

/**
 * "I leave": the call ends when fewer than two participants are left. `forEveryone` (the caller
 * only, with `callId`) ends it for all.
 */
export const endCallRequestSchema = z
  .object({ invitationId: idSchema.optional(), callId: idSchema.optional(), forEveryone: z.boolean().optional() })
  .superRefine(oneOfInvitationOrCall)
  .superRefine((request, context) => {
    if (request.forEveryone && request.callId === undefined) {
      context.addIssue({ code: 'custom', path: ['forEveryone'], message: 'needs callId' });
    }
  });
export type EndCallRequest = z.infer<typeof endCallRequestSchema>;

/** `details` of a `failed-precondition` refusal: where the call is now. */
export interface CallStateErrorDetails {
  status: InvitationStatus;
}

/** Why a `call_cancelled` push asks devices to stop ringing. */
export const stopRingingReasons = ['answered_elsewhere', 'declined', 'cancelled', 'missed'] as const;
export type StopRingingReason = (typeof stopRingingReasons)[number];
