import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import {
  callStatuses,
  calleeStates,
  callTypeSchema,
  deliveryStates,
  invitationStatusSchema,
  platformSchema,
  pushChannels,
  receiptSources,
  pushTransportNames,
  ringStyleSchema,
  stopRingingReasons,
} from '../../contract/index.js';

// The stored shape of every document Beckon reads, parsed on read by the converters in
// collections.ts. Documents that clients write (presence, users) are validated by the rules too.

const timestamp = z.instanceof(Timestamp);

export const conversationDocSchema = z.object({
  memberIds: z.array(z.string()),
  createdAt: timestamp,
  lastMessageAt: timestamp,
});
export type ConversationDoc = z.infer<typeof conversationDocSchema>;

const callInvitationSummarySchema = z.object({
  invitationId: z.string(),
  callerId: z.string(),
  calleeId: z.string(),
  callType: callTypeSchema,
  roomId: z.string(),
  status: invitationStatusSchema,
  /** Set when an accepted call ends, so history can say "call ended (2:31)". */
  durationSeconds: z.number().optional(),
});

/** The whole call on its system message (contract: CallSummary), so a group chat can render every callee's answer. */
const callSummarySchema = z.object({
  callId: z.string(),
  status: z.enum(callStatuses),
  callerId: z.string(),
  callees: z.record(z.string(), z.enum(calleeStates)),
  allowJoin: z.boolean(),
  durationSeconds: z.number().optional(),
});

export const messageDocSchema = z.object({
  type: z.enum(['text', 'system']),
  senderId: z.string(),
  text: z.string(),
  createdAt: timestamp,
  /** One-to-one calls only: the one invitation. */
  callInvitation: callInvitationSummarySchema.optional(),
  call: callSummarySchema.optional(),
});
export type MessageDoc = z.infer<typeof messageDocSchema>;

export const deviceDeliveryResultSchema = z.object({
  deviceId: z.string(),
  platform: z.string(),
  channel: z.enum(pushChannels).optional(),
  ok: z.boolean(),
  messageId: z.string().optional(),
  errorCode: z.string().optional(),
  attempts: z.number().optional(),
  previousErrors: z.array(z.string()).optional(),
});

/**
 * One push's record, `callInvitations/{id}/deliveries/{kind}` (kind: call_invitation,
 * call_cancelled, missed_call). The callee's alone: it names their devices and their errors.
 */
export const deliveryDocSchema = z.object({
  state: z.enum(deliveryStates),
  transport: z.enum(pushTransportNames).optional(),
  attemptedAt: timestamp.optional(),
  claimedAt: timestamp.optional(),
  devices: z.array(deviceDeliveryResultSchema).optional(),
  /** Why nothing was pushed, in words, when nothing was. */
  reason: z.string().optional(),
  /** Rounds of sending so far (more than 1 after transient errors were retried). */
  attempts: z.number().optional(),
  /** While `retrying`: when the next round is due. */
  nextAttemptAt: timestamp.optional(),
  /** A `deferred` stop-ringing push: why the ringing stops, for when it is sent. */
  stopReason: z.enum(stopRingingReasons).optional(),
});
export type DeliveryDoc = z.infer<typeof deliveryDocSchema>;

export const invitationDocSchema = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  callerId: z.string(),
  calleeId: z.string(),
  callerName: z.string(),
  callerPhotoURL: z.string().optional(),
  callType: callTypeSchema,
  roomId: z.string(),
  status: invitationStatusSchema,
  createdAt: timestamp,
  expiresAt: timestamp,
  calleeOnlineAtSend: z.boolean(),
  requestId: z.string().optional(),
  /** When and by whom the ringing ended: accept, decline, cancel; `null` by the ring timeout. */
  respondedAt: timestamp.optional(),
  respondedBy: z.string().nullable().optional(),
  endedAt: timestamp.optional(),
  endedBy: z.string().optional(),
  /** The first delivery receipt: a device of the callee rings ("Ringing" rather than "Calling"). */
  receivedAt: timestamp.optional(),
  /** Which range of the ring-timeout sweep's index holds it (domain/sweep-shard.ts). */
  sweepShard: z.number().int().optional(),
  /** The call it belongs to (`calls/{callId}`); absent on invitations stored before calls existed. */
  callId: z.string().optional(),
});
export type InvitationDoc = z.infer<typeof invitationDocSchema>;

export const deviceDocSchema = z.object({
  platform: platformSchema,
  /** Absent once FCM reported the token unregistered (or on an iOS device that has only a VoIP token). */
  fcmToken: z.string().optional(),
  /** iOS PushKit token; absent once APNs reported it dead. */
  voipToken: z.string().optional(),
  /** Absent on devices registered before ring styles existed: `notification`. */
  ringStyle: ringStyleSchema.optional(),
  locale: z.string().nullable(),
  appVersion: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  tokenRemovedAt: timestamp.optional(),
  tokenRemovedReason: z.string().optional(),
  voipTokenRemovedAt: timestamp.optional(),
  voipTokenRemovedReason: z.string().optional(),
});
export type DeviceDoc = z.infer<typeof deviceDocSchema>;

export const presenceDocSchema = z.object({
  state: z.enum(['online', 'offline']),
  lastSeenAt: timestamp,
});
export type PresenceDoc = z.infer<typeof presenceDocSchema>;

export const userProfileDocSchema = z.object({
  displayName: z.string(),
  photoURL: z.string().optional(),
});
export type UserProfileDoc = z.infer<typeof userProfileDocSchema>;

export const pushOutboxDocSchema = z.object({
  invitationId: z.string(),
  kind: z.string(),
  uid: z.string(),
  deviceId: z.string(),
  /** `fcm`: `message` is what sendEach would get; `apns`: it is the APNs request (headers and payload). */
  channel: z.enum(pushChannels),
  token: z.string(),
  message: z.record(z.string(), z.unknown()),
  result: z.object({ ok: z.boolean(), errorCode: z.string().optional(), messageId: z.string().optional() }),
  attempt: z.number(),
  /** When the send began, and when the emulated service answered (the outbox entry is written then). */
  sentAt: timestamp,
  createdAt: timestamp,
  expireAt: timestamp,
});
export type PushOutboxDoc = z.infer<typeof pushOutboxDocSchema>;

/** The accepted call a user is in, so a new invitation to them is `busy`; removed when the call ends. */
export const activeCallDocSchema = z.object({
  /** The user's own invitation in the call; for its caller, the first accepted one; for a member who joined, the call's id. */
  invitationId: z.string(),
  /** The call (absent on entries stored before calls existed: then the invitation's id is the call's). */
  callId: z.string().optional(),
  roomId: z.string(),
  conversationId: z.string(),
  since: timestamp,
  /** On the callee's entry: the device that accepted (null when the app named none). */
  deviceId: z.string().nullable().optional(),
});
export type ActiveCallDoc = z.infer<typeof activeCallDocSchema>;

/** When the user last sent themself a test push (sendTestPush is rate-limited). */
export const testPushLimitDocSchema = z.object({ lastSentAt: timestamp });
export type TestPushLimitDoc = z.infer<typeof testPushLimitDocSchema>;

/** One device's delivery receipt: it started ringing. Only the callee and the server read these. */
export const receiptDocSchema = z.object({
  deviceId: z.string(),
  receivedAt: timestamp,
  /** push (FCM woke the app), voip (PushKit), listener (the app was open). */
  source: z.enum(receiptSources).optional(),
});
export type ReceiptDoc = z.infer<typeof receiptDocSchema>;

/** A user this user blocked: their calls are refused and they cannot write into the direct chat. */
export const blockedDocSchema = z.object({ blockedAt: timestamp });
export type BlockedDoc = z.infer<typeof blockedDocSchema>;

/**
 * A caller's invitation count in the current minute. `expireAt` is for a Firestore TTL policy:
 * a window nobody writes to any more is deleted a day later.
 */
export const rateLimitDocSchema = z.object({
  windowStart: timestamp,
  count: z.number(),
  perCallee: z.record(z.string(), z.number()),
  expireAt: timestamp,
});
export type RateLimitDoc = z.infer<typeof rateLimitDocSchema>;

/**
 * `calls/{callId}`: what the whole call shares, readable by the caller and the callees (and
 * members who joined). For one callee the call's id is the invitation's. Every change happens in
 * the transaction that changes a callee's invitation, so the two always agree.
 */
export const callDocSchema = z.object({
  callerId: z.string(),
  conversationId: z.string(),
  roomId: z.string(),
  callType: callTypeSchema,
  messageId: z.string(),
  /** Who may read it: the caller, the callees rung, and members who joined. */
  memberIds: z.array(z.string()),
  /** The callees rung, in the order the caller gave. */
  calleeIds: z.array(z.string()),
  invitationIds: z.record(z.string(), z.string()),
  /** Who came in through joinCall (not by accepting their ring): their invitations stay as they were. */
  joinedIds: z.array(z.string()).optional(),
  callees: z.record(z.string(), z.enum(calleeStates)),
  callerState: z.enum(['in', 'left']),
  status: z.enum(callStatuses),
  allowJoin: z.boolean(),
  createdAt: timestamp,
  /** When the rings time out. */
  expiresAt: timestamp,
  /** The first accept. */
  startedAt: timestamp.optional(),
  endedAt: timestamp.optional(),
  /** Who ended it: the last to leave, the caller for everyone, or `system` (ring timeout). */
  endedBy: z.string().optional(),
  requestId: z.string().optional(),
});
export type CallDoc = z.infer<typeof callDocSchema>;
