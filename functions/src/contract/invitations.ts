import { z } from 'zod';
import { idSchema } from './ids.js';
import { MAX_CALLEES } from './calls.js';
import { RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS } from './ring-time.js';

export const callTypeSchema = z.enum(['video', 'audio']);
export type CallType = z.infer<typeof callTypeSchema>;

/** `busy` is set at creation when the callee is already in a call; it never rings. */
export const invitationStatusSchema = z.enum(['ringing', 'accepted', 'declined', 'cancelled', 'missed', 'ended', 'busy']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const sendCallInvitationRequestSchema = z
  .object({
    /** One callee. Exactly one of calleeId and calleeIds is given. */
    calleeId: idSchema.optional(),
    /** 1 to MAX_CALLEES distinct users, not the caller: a group call when more than one. */
    calleeIds: z
      .array(idSchema)
      .min(1, 'must name at least one callee')
      .max(MAX_CALLEES, `must name at most ${MAX_CALLEES} callees`)
      .optional(),
    callType: callTypeSchema.default('video'),
    /** Required for a group call; every callee must be a member of it. */
    conversationId: idSchema.optional(),
    /** Makes retries safe: the same requestId from the same caller returns the first result. */
    requestId: idSchema.optional(),
    /** Lets any member of the conversation join the call while it is active (joinCall). */
    allowJoin: z.boolean().optional(),
    /** How long this call rings before it is missed; the RING_TIMEOUT_SECONDS param when absent. */
    ringSeconds: z.number().int().min(RING_TIMEOUT_MIN_SECONDS).max(RING_TIMEOUT_MAX_SECONDS).optional(),
  })
  .superRefine((request, context) => {
    if ((request.calleeId === undefined) === (request.calleeIds === undefined)) {
      const message = request.calleeId === undefined ? 'required (or calleeIds)' : 'give calleeId or calleeIds, not both';
      context.addIssue({ code: 'custom', path: ['calleeId'], message });
    }
    const ids = request.calleeIds ?? [];
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', path: ['calleeIds'], message: 'must be distinct' });
    if (ids.length > 1 && request.conversationId === undefined) {
      context.addIssue({ code: 'custom', path: ['conversationId'], message: 'required for a call to more than one callee' });
    }
  });
export type SendCallInvitationRequest = z.input<typeof sendCallInvitationRequestSchema>;
