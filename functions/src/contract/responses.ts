import { z } from 'zod';
import { callEndedReasons, calleeStates, callStatuses } from './calls.js';
import { diagnosisCheckIds } from './diagnosis.js';
import { callTypeSchema, invitationStatusSchema } from './invitations.js';
import { pushTransportNames } from './push.js';
import { mediaCredentialsSchema } from './media.js';

// What every callable answers, as zod schemas: the TypeScript types below are inferred from them,
// and `npm run schema` publishes them as JSON Schema for Android and iOS models. Times are epoch ms.

const epochMs = z.number().int().meta({ description: 'epoch ms' });

/** The one-to-one view of a call, on its system message. */
export const callInvitationSummarySchema = z.object({
  invitationId: z.string(),
  callerId: z.string(),
  calleeId: z.string(),
  callType: callTypeSchema,
  roomId: z.string(),
  status: invitationStatusSchema,
  /** Set when an accepted call has ended, so history can say "call ended (2:31)". */
  durationSeconds: z.number().optional(),
});
export type CallInvitationSummary = z.infer<typeof callInvitationSummarySchema>;

/** What the system message of a call carries about the whole call, updated as it changes. */
export const callSummarySchema = z.object({
  callId: z.string(),
  status: z.enum(callStatuses),
  callerId: z.string(),
  /** Every callee's state (including members who joined later, as `accepted`, then `left`). */
  callees: z.record(z.string(), z.enum(calleeStates)),
  /** Whether other members of the conversation may join while the call is active. */
  allowJoin: z.boolean(),
  /** Set when a call somebody joined has ended: from the first accept to the end. */
  durationSeconds: z.number().optional(),
  /** Set when a call somebody joined has ended: `hung_up`, or `lost` (a participant's app went silent). */
  endedReason: z.enum(callEndedReasons).optional(),
  /** Who left the call because their app went silent ("connection lost"). */
  lostIds: z.array(z.string()).optional(),
  /** While active: it holds as many people as it may (MAX_CALL_PARTICIPANTS), so nobody more can join or accept. */
  full: z.literal(true).optional(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

export const systemMessageViewSchema = z.object({
  id: z.string(),
  type: z.literal('system'),
  senderId: z.string(),
  text: z.string(),
  createdAt: epochMs,
  callInvitation: callInvitationSummarySchema,
  /** The whole call, every callee's state included, updated as it changes. */
  call: callSummarySchema.optional(),
});
export type SystemMessageView = z.infer<typeof systemMessageViewSchema>;

/** A group call's system message: the whole call in `call`; no one-to-one `callInvitation`. */
export const groupSystemMessageViewSchema = systemMessageViewSchema
  .omit({ callInvitation: true, call: true })
  .extend({ call: callSummarySchema });
export type GroupSystemMessageView = z.infer<typeof groupSystemMessageViewSchema>;

/** Each callee's invitation, in the answer to sendCallInvitation. */
export const calleeInvitationSchema = z.object({ calleeId: z.string(), invitationId: z.string(), status: invitationStatusSchema });
export type CalleeInvitation = z.infer<typeof calleeInvitationSchema>;

/**
 * A callee of a group call whom the caller cannot call (they blocked the caller): never rung, no
 * invitation. Beckon tells a caller that a callee cannot be called by them, and nothing more.
 */
export const unavailableCalleeSchema = z.object({ calleeId: z.string(), status: z.literal('unavailable') });
export type UnavailableCallee = z.infer<typeof unavailableCalleeSchema>;

/** sendCallInvitation with one callee. */
export const sendCallInvitationResponseSchema = z.object({
  invitationId: z.string(),
  conversationId: z.string(),
  roomId: z.string(),
  status: invitationStatusSchema,
  expiresAt: epochMs,
  /** The callee's presence when the call was sent. */
  calleeOnline: z.boolean(),
  systemMessage: systemMessageViewSchema,
  /** The call this invitation belongs to (`calls/{callId}`); for one callee, the invitation's id. */
  callId: z.string(),
  /** The one invitation, as a group call lists its callees'. */
  invitations: z.array(calleeInvitationSchema),
});
export type SendCallInvitationResponse = z.infer<typeof sendCallInvitationResponseSchema>;

/** sendCallInvitation with `calleeIds` (any number of them, one too). */
export const sendGroupCallInvitationResponseSchema = z.object({
  callId: z.string(),
  conversationId: z.string(),
  roomId: z.string(),
  /** The call's status: `ringing`, or `busy` when every callee was already in a call. */
  status: z.enum(callStatuses),
  /** When the rings time out. */
  expiresAt: epochMs,
  systemMessage: groupSystemMessageViewSchema,
  /** One per callee asked, in the order given: the invitation of each callee rung, `unavailable` for one who cannot be called. */
  invitations: z.array(z.union([calleeInvitationSchema, unavailableCalleeSchema])),
});
export type SendGroupCallInvitationResponse = z.infer<typeof sendGroupCallInvitationResponseSchema>;

export const respondToCallInvitationResponseSchema = z.union([
  z.object({
    status: z.literal('accepted'),
    /** The call (`calls/{callId}`): the one to keep alive with heartbeats, and to end. */
    callId: z.string(),
    roomId: z.string(),
    conversationId: z.string(),
    /** The call's media credentials, unless MEDIA_PROVIDER is `none`. */
    media: mediaCredentialsSchema.optional(),
  }),
  z.object({ status: z.literal('declined') }),
]);
export type RespondToCallInvitationResponse = z.infer<typeof respondToCallInvitationResponseSchema>;

export const cancelCallInvitationResponseSchema = z.object({ status: z.literal('cancelled') });
export type CancelCallInvitationResponse = z.infer<typeof cancelCallInvitationResponseSchema>;

export const endCallResponseSchema = z.object({
  /** Your part is over. */
  status: z.literal('ended'),
  /** Group calls only: whether the call goes on without you. */
  callStatus: z.enum(['active', 'ended']).optional(),
});
export type EndCallResponse = z.infer<typeof endCallResponseSchema>;

export const joinCallResponseSchema = z.object({
  status: z.literal('active'),
  callId: z.string(),
  roomId: z.string(),
  conversationId: z.string(),
  /** The call's media credentials, unless MEDIA_PROVIDER is `none`. */
  media: mediaCredentialsSchema.optional(),
});
export type JoinCallResponse = z.infer<typeof joinCallResponseSchema>;

export const acknowledgeCallInvitationResponseSchema = z.object({
  status: invitationStatusSchema,
  /** The first acknowledgement of any device; absent when the call had stopped ringing before any. */
  receivedAt: epochMs.optional(),
  /** The server's clock when it answered: compare `expiresAt` with this, not with the device's clock. */
  serverTime: epochMs,
});
export type AcknowledgeCallInvitationResponse = z.infer<typeof acknowledgeCallInvitationResponseSchema>;

export const registerDeviceResponseSchema = z.object({ deviceId: z.string() });
export type RegisterDeviceResponse = z.infer<typeof registerDeviceResponseSchema>;

export const unregisterDeviceResponseSchema = z.object({ removed: z.boolean() });
export type UnregisterDeviceResponse = z.infer<typeof unregisterDeviceResponseSchema>;

export const blockUserResponseSchema = z.object({ blocked: z.literal(true) });
export type BlockUserResponse = z.infer<typeof blockUserResponseSchema>;

/** `unblocked` is false when the user was not blocked. */
export const unblockUserResponseSchema = z.object({ unblocked: z.boolean() });
export type UnblockUserResponse = z.infer<typeof unblockUserResponseSchema>;

export const checkStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const diagnosisCheckSchema = z.object({
  id: z.enum(diagnosisCheckIds),
  status: checkStatusSchema,
  title: z.string(),
  detail: z.string(),
  advice: z.string().optional(),
});
export type DiagnosisCheck = z.infer<typeof diagnosisCheckSchema>;

export const diagnoseCallInvitationResponseSchema = z.object({
  invitationId: z.string(),
  /** One sentence naming the first failing link, or saying that every link held. */
  verdict: z.string(),
  checks: z.array(diagnosisCheckSchema),
});
export type DiagnoseCallInvitationResponse = z.infer<typeof diagnoseCallInvitationResponseSchema>;

export const testPushDeviceResultSchema = z.object({
  deviceId: z.string(),
  platform: z.string(),
  ok: z.boolean(),
  messageId: z.string().optional(),
  errorCode: z.string().optional(),
  /** What the result means and what to do, in the requested language. */
  explanation: z.string(),
});
export type TestPushDeviceResult = z.infer<typeof testPushDeviceResultSchema>;

export const sendTestPushResponseSchema = z.object({
  transport: z.enum(pushTransportNames),
  devices: z.array(testPushDeviceResultSchema),
});
export type SendTestPushResponse = z.infer<typeof sendTestPushResponseSchema>;
