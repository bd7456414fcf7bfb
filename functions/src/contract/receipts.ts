import { z } from 'zod';
import { idSchema } from './ids.js';

/** Where the ring that is acknowledged came from: a push woke the app, or its listener saw the call. */
export const receiptSources = ['push', 'voip', 'listener'] as const;

/**
 * An FCM message's priority as Android reports it for the ring it delivered:
 * `RemoteMessage.getPriority()` and `getOriginalPriority()` (PRIORITY_HIGH = 1 -> `high`,
 * PRIORITY_NORMAL = 2 -> `normal`, PRIORITY_UNKNOWN = 0 -> `unknown`).
 */
export const pushPriorities = ['high', 'normal', 'unknown'] as const;
export type PushPriority = (typeof pushPriorities)[number];

export const acknowledgeCallInvitationRequestSchema = z.object({
  invitationId: idSchema,
  deviceId: idSchema,
  source: z.enum(receiptSources).optional(),
  /** Android: the priority the ring arrived with; `normal` when Android lowered it. */
  priority: z.enum(pushPriorities).optional(),
  /** Android: the priority it was sent with. */
  originalPriority: z.enum(pushPriorities).optional(),
});
export type AcknowledgeCallInvitationRequest = z.input<typeof acknowledgeCallInvitationRequestSchema>;
