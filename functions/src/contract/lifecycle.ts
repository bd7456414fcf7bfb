import { z } from 'zod';
import { WELL_FORMED_MESSAGE, idSchema, isWellFormed } from './ids.js';
import type { InvitationStatus } from './invitations.js';

/** A decline's message: at most this many characters, once trimmed. */
export const DECLINE_MESSAGE_MAX_LENGTH = 160;

export const respondToCallInvitationRequestSchema = z
  .object({
    invitationId: idSchema,
    action: z.enum(['accept', 'decline']),
    /**
     * The answering device (its `registerDevice` id). Optional; when given, a retried accept from
     * this device gets the room again and an accept from the callee's other device is refused.
     */
    deviceId: idSchema.optional(),
    /**
     * Decline only: a message to the caller ("Can't talk now, call you later"), trimmed, 1 to 160
     * characters, well-formed. Posted in the conversation as the callee's text message, after the
     * call's line, cleaned as names are: direction overrides, control and invisible characters are
     * removed, and a message with nothing readable left is refused.
     */
    message: z.string().trim().min(1).max(DECLINE_MESSAGE_MAX_LENGTH).refine(isWellFormed, WELL_FORMED_MESSAGE).optional(),
    /**
     * Accept only, with call waiting: end the call the callee is in, and accept this one, in one
     * step (the other party of the ended call sees it end). Without it, an accept while in another
     * call is refused with `failed-precondition` and `details.activeInvitationId`.
     */
    endCurrent: z.boolean().optional(),
  })
  .superRefine((request, context) => {
    if (request.message !== undefined && request.action !== 'decline') {
      context.addIssue({ code: 'custom', path: ['message'], message: 'only with action decline' });
    }
    if (request.endCurrent !== undefined && request.action !== 'accept') {
      context.addIssue({ code: 'custom', path: ['endCurrent'], message: 'only with action accept' });
    }
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

/**
 * Why a `call_cancelled` push asks devices to stop ringing. `busy`: the callee answered another
 * call (or joined one) while this one rang.
 */
export const stopRingingReasons = ['answered_elsewhere', 'declined', 'cancelled', 'missed', 'busy'] as const;
export type StopRingingReason = (typeof stopRingingReasons)[number];
