import { z } from 'zod';
import { WELL_FORMED_MESSAGE, idSchema, isWellFormed } from './ids.js';

export const platformSchema = z.enum(['android', 'ios', 'web']);

/** The two APNs environments a token belongs to (APNS_ENVIRONMENT names the one Beckon sends to). */
export const apnsEnvironments = ['sandbox', 'production'] as const;
export type ApnsEnvironment = (typeof apnsEnvironments)[number];
export type Platform = z.infer<typeof platformSchema>;

export const MAX_FCM_TOKEN_LENGTH = 4096;
export const MAX_VOIP_TOKEN_LENGTH = 200;

/**
 * How a device rings. `notification`: the push carries a visible notification that the system
 * draws. `native`: a data-only, high-priority push, so the app's own messaging service runs and
 * shows a full-screen call screen (Android) or its own notification (web). iOS rings natively
 * through a `voipToken` instead.
 */
export const ringStyles = ['notification', 'native'] as const;
export const ringStyleSchema = z.enum(ringStyles);
export type RingStyle = z.infer<typeof ringStyleSchema>;

/**
 * The PushKit token as PKPushRegistry gives it, hex-encoded. Tokens starting with `fake-apns-`
 * are the emulator transport's test tokens (see the README); APNs itself would refuse them.
 */
export const voipTokenSchema = z
  .string()
  .trim()
  .max(MAX_VOIP_TOKEN_LENGTH)
  .regex(/^([0-9A-Fa-f]{2}){16,}$|^fake-apns-[\w-]+$/, 'must be the PushKit token in hex, as PKPushRegistry gives it')
  .transform((token) => (token.startsWith('fake-apns-') ? token : token.toLowerCase()));

export const registerDeviceRequestSchema = z
  .object({
    deviceId: idSchema,
    platform: platformSchema,
    fcmToken: z.string().trim().min(1, 'must not be empty').max(MAX_FCM_TOKEN_LENGTH).refine(isWellFormed, WELL_FORMED_MESSAGE).optional(),
    /** iOS only: the device rings by VoIP push through APNs (CallKit); FCM still carries its other pushes. */
    voipToken: voipTokenSchema.optional(),
    ringStyle: ringStyleSchema.default('notification'),
    /** BCP 47 tag as the device reports it ("zh-CN", "en_US", "de"); chooses the push language. */
    locale: z
      .string()
      .trim()
      .max(35)
      .regex(/^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/, 'must be a locale tag such as "en-US" or "zh-CN"')
      .optional(),
    appVersion: z.string().trim().min(1).max(64).refine(isWellFormed, WELL_FORMED_MESSAGE).optional(),
    /**
     * iOS: the APNs environment the VoIP token is for, as the app was built (`sandbox` for a debug
     * build, `production` for TestFlight and the App Store). A ring APNs refuses for a token of the
     * other environment than APNS_ENVIRONMENT is then shown as that mismatch.
     */
    apnsEnvironment: z.enum(apnsEnvironments).optional(),
  })
  .superRefine((request, context) => {
    if (request.apnsEnvironment !== undefined && request.voipToken === undefined) {
      context.addIssue({ code: 'custom', path: ['apnsEnvironment'], message: 'only with a voipToken' });
    }
    if (request.fcmToken === undefined && request.voipToken === undefined) {
      context.addIssue({ code: 'custom', path: ['fcmToken'], message: 'required (or, on iOS, voipToken)' });
    }
    if (request.voipToken !== undefined && request.platform !== 'ios') {
      context.addIssue({ code: 'custom', path: ['voipToken'], message: 'only iOS devices have a PushKit token' });
    }
  });
export type RegisterDeviceRequest = z.input<typeof registerDeviceRequestSchema>;
export type RegisteredDevice = z.output<typeof registerDeviceRequestSchema>;

export const unregisterDeviceRequestSchema = z.object({ deviceId: idSchema });
export type UnregisterDeviceRequest = z.infer<typeof unregisterDeviceRequestSchema>;
