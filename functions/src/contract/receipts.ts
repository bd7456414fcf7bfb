import { z } from 'zod';
import { idSchema } from './ids.js';
import type { InvitationStatus } from './invitations.js';

/** Where the ring that is acknowledged came from: a push woke the app, or its listener saw the call. */
export const receiptSources = ['push', 'voip', 'listener'] as const;

export const acknowledgeCallInvitationRequestSchema = z.object({
  invitationId: idSchema,
  deviceId: idSchema,
  source: z.enum(receiptSources).optional(),
});
export type AcknowledgeCallInvitationRequest = z.input<typeof acknowledgeCallInvitationRequestSchema>;

export interface AcknowledgeCallInvitationResponse {
  status: InvitationStatus;
  /** epoch ms of the first acknowledgement of any device; absent when the call had stopped ringing before any. */
  receivedAt?: number;
  /** The server's clock (epoch ms) when it answered: compare `expiresAt` with this, not with the device's clock. */
  serverTime: number;
}
