import { z } from 'zod';
import { idSchema } from './ids.js';

export const blockUserRequestSchema = z.object({ uid: idSchema });
export type BlockUserRequest = z.infer<typeof blockUserRequestSchema>;
export type UnblockUserRequest = BlockUserRequest;

/** `details` of the `resource-exhausted` refusal of sendCallInvitation. */
export interface RateLimitedDetails {
  retryAfterSeconds: number;
}
