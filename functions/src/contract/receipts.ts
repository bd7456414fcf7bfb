import { z } from 'zod';
import { idSchema } from './ids.js';

/** Where the ring that is acknowledged came from: a push woke the app, or its listener saw the call. */
export const receiptSources = ['push', 'voip', 'listener'] as const;

export const acknowledgeCallInvitationRequestSchema = z.object({
  invitationId: idSchema,
  deviceId: idSchema,
  source: z.enum(receiptSources).optional(),
});
export type AcknowledgeCallInvitationRequest = z.input<typeof acknowledgeCallInvitationRequestSchema>;
