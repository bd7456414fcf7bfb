import { z } from 'zod';
import { diagnosisLanguageSchema } from './diagnosis.js';
import { platformSchema, ringStyleSchema } from './devices.js';
import { pushChannels } from './push.js';

// getDeliveryHealth: the fleet's delivery health, for operators only (the custom claim
// `beckonOperator: true`), from counters kept per hour as rings go out and receipts come in.

/** What a group of rings may be told apart by. */
export const healthDimensions = ['platform', 'appVersion', 'ringStyle', 'channel'] as const;
export type HealthDimension = (typeof healthDimensions)[number];

/** The longest window one request may read: 31 days of hour documents. */
export const MAX_HEALTH_WINDOW_MS = 31 * 24 * 3_600_000;

export const getDeliveryHealthRequestSchema = z
  .object({
    /** Epoch ms; default 24 hours before `toMs`. Counted by whole hours (UTC): the hour it falls in is read whole. */
    fromMs: z.number().int().nonnegative().optional(),
    /** Epoch ms; default now. */
    toMs: z.number().int().nonnegative().optional(),
    /** Default `['platform', 'appVersion']`. */
    groupBy: z
      .array(z.enum(healthDimensions))
      .max(healthDimensions.length)
      .refine((dims) => new Set(dims).size === dims.length, 'must not repeat a dimension')
      .optional(),
    /** The language of each silent device's advice. */
    lang: diagnosisLanguageSchema.default('en'),
  })
  .superRefine((request, context) => {
    if (request.fromMs !== undefined && request.toMs !== undefined) {
      if (request.fromMs >= request.toMs) context.addIssue({ code: 'custom', path: ['fromMs'], message: 'must be before toMs' });
      else if (request.toMs - request.fromMs > MAX_HEALTH_WINDOW_MS) {
        context.addIssue({ code: 'custom', path: ['fromMs'], message: 'the window may be 31 days at most' });
      }
    }
  });
export type GetDeliveryHealthRequest = z.input<typeof getDeliveryHealthRequestSchema>;

const countsSchema = {
  ringsSent: z.number(),
  ringsFailed: z.number(),
  ringsReceived: z.number(),
  /** ringsReceived / ringsSent; null when none was sent. */
  receivedShare: z.number().nullable(),
  /** From send to receipt, from the counts' buckets: each at most 25 % over the true value (docs/operating.md). */
  timeToRingMs: z.object({ p50: z.number(), p95: z.number() }).nullable(),
  /** Android rings that arrived at a lower priority than they were sent with. */
  priorityLowered: z.number(),
  /** Failed sends by the push service's error code. */
  errors: z.record(z.string(), z.number()),
};

export const healthGroupSchema = z.object({
  platform: platformSchema.optional(),
  appVersion: z.string().optional(),
  ringStyle: ringStyleSchema.optional(),
  channel: z.enum(pushChannels).optional(),
  ...countsSchema,
});
export type HealthGroup = z.infer<typeof healthGroupSchema>;

export const silentDeviceSchema = z.object({
  uid: z.string(),
  deviceId: z.string(),
  platform: platformSchema,
  appVersion: z.string().optional(),
  /** Rings the push service accepted for it since its last receipt (or since it registered). */
  ringsSent: z.number(),
  lastRingAtMs: z.number(),
  lastReceiptAtMs: z.number().optional(),
  advice: z.string(),
});
export type SilentDevice = z.infer<typeof silentDeviceSchema>;

export const callOutcomeNames = ['answered', 'declined', 'missed', 'cancelled', 'busy', 'lost'] as const;
export type CallOutcomeName = (typeof callOutcomeNames)[number];

export const getDeliveryHealthResponseSchema = z.object({
  /** The window read: whole hours. */
  fromMs: z.number(),
  toMs: z.number(),
  groups: z.array(healthGroupSchema),
  silentDevices: z.array(silentDeviceSchema),
  /** Each callee's ring, by how it ended; `lost`: someone whose app went silent in a call. */
  outcomes: z.object(Object.fromEntries(callOutcomeNames.map((name) => [name, z.number()])) as Record<CallOutcomeName, z.ZodNumber>),
});
export type GetDeliveryHealthResponse = z.infer<typeof getDeliveryHealthResponseSchema>;
