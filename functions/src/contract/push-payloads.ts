import { z } from 'zod';
import { callTypeSchema } from './invitations.js';
import { stopRingingReasons } from './lifecycle.js';

// The data payloads of Beckon's pushes, as an app receives them (FCM `data`, or the top level of
// a VoIP payload): every value is a string.

const epochMs = z.string().regex(/^\d+$/).meta({ description: 'epoch ms, as a decimal string' });

/** The ring. */
export const callInvitationPushDataSchema = z.object({
  type: z.literal('call_invitation'),
  invitationId: z.string(),
  conversationId: z.string(),
  callerId: z.string(),
  callerName: z.string(),
  callType: callTypeSchema,
  roomId: z.string(),
  /** When it stops ringing. */
  expiresAt: epochMs,
  /** The caller's `users/{uid}.photoURL`, when they have one. */
  callerPhotoURL: z.string().optional(),
  /** When Beckon sent it: with `expiresAt`, how long it may still ring. Native ring styles and VoIP only. */
  sentAt: epochMs.optional(),
  /** Group calls: the call (`calls/{callId}`). Absent for one callee, whose call's id is the invitationId. */
  callId: z.string().optional(),
  /** `'true'`: call waiting, the callee is in another call. Show it as a waiting call (a tone, not a full-screen ring). */
  callWaiting: z.literal('true').optional(),
});

/** Stop ringing (data only). */
export const callCancelledPushDataSchema = z.object({
  type: z.literal('call_cancelled'),
  invitationId: z.string(),
  reason: z.enum(stopRingingReasons),
});

export const missedCallReasons = ['missed', 'busy', 'cancelled'] as const;
export type MissedCallReason = (typeof missedCallReasons)[number];

/**
 * The visible missed-call notification: a ring that timed out (`missed`), a call that found the
 * callee busy (`busy`), or a ring the caller hung up on before it was answered (`cancelled`).
 */
export const missedCallPushDataSchema = z.object({
  type: z.literal('missed_call'),
  invitationId: z.string(),
  conversationId: z.string(),
  callerId: z.string(),
  callerName: z.string(),
  callType: callTypeSchema,
  reason: z.enum(missedCallReasons),
});

/** Group calls, with NOTIFY_MISSED_ONGOING_CALL: the call whose ring was missed is still going. */
export const callOngoingPushDataSchema = z.object({
  type: z.literal('call_ongoing'),
  invitationId: z.string(),
  callId: z.string(),
  conversationId: z.string(),
  callerId: z.string(),
  callerName: z.string(),
  callType: callTypeSchema,
});

/** FCM data values are strings: the payload types accept no other kind of value. */
type FcmData<T> = T & { [key: string]: string | undefined };
export type CallInvitationPushData = FcmData<z.infer<typeof callInvitationPushDataSchema>>;
export type CallCancelledPushData = FcmData<z.infer<typeof callCancelledPushDataSchema>>;
export type MissedCallPushData = FcmData<z.infer<typeof missedCallPushDataSchema>>;
export type CallOngoingPushData = FcmData<z.infer<typeof callOngoingPushDataSchema>>;
