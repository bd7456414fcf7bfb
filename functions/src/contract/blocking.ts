import { z } from 'zod';
import { idSchema } from './ids.js';

export const blockUserRequestSchema = z.object({ uid: idSchema });
export type BlockUserRequest = z.infer<typeof blockUserRequestSchema>;
export type UnblockUserRequest = BlockUserRequest;

export interface BlockUserResponse {
  blocked: true;
}
export interface UnblockUserResponse {
  /** false when the user was not blocked. */
  unblocked: boolean;
}

/** `details` of the `resource-exhausted` refusal of sendCallInvitation. */
export interface RateLimitedDetails {
  retryAfterSeconds: number;
}
