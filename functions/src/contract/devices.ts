import { z } from 'zod';
import { idSchema } from './ids.js';

export const platformSchema = z.enum(['android', 'ios', 'web']);
export type Platform = z.infer<typeof platformSchema>;

export const MAX_FCM_TOKEN_LENGTH = 4096;

export const registerDeviceRequestSchema = z.object({
  deviceId: idSchema,
  platform: platformSchema,
  fcmToken: z.string().trim().min(1, 'must not be empty').max(MAX_FCM_TOKEN_LENGTH),
  /** BCP 47 tag as the device reports it ("zh-CN", "en_US", "de"); chooses the push language. */
  locale: z
    .string()
    .trim()
    .max(35)
    .regex(/^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/, 'must be a locale tag such as "en-US" or "zh-CN"')
    .optional(),
  appVersion: z.string().trim().min(1).max(64).optional(),
});
export type RegisterDeviceRequest = z.infer<typeof registerDeviceRequestSchema>;
export interface RegisterDeviceResponse {
  deviceId: string;
}

export const unregisterDeviceRequestSchema = z.object({ deviceId: idSchema });
export type UnregisterDeviceRequest = z.infer<typeof unregisterDeviceRequestSchema>;
export interface UnregisterDeviceResponse {
  removed: boolean;
}
