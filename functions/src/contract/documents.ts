import { z } from 'zod';
import { callEndedReasons, callStatuses, calleeStates } from './calls.js';
import { callInvitationSummarySchema, callSummarySchema } from './responses.js';
import { apnsEnvironments, platformSchema, ringStyleSchema } from './devices.js';
import { callTypeSchema, invitationStatusSchema } from './invitations.js';
import { stopRingingReasons } from './lifecycle.js';
import { deliveryStates, pushChannels, pushTransportNames } from './push.js';
import { pushPriorities, receiptSources } from './receipts.js';

/**
 * The stored shape of every document Beckon keeps, generic over the timestamp: the functions
 * parse what they read with firebase-admin's Timestamp (adapters/firestore/documents.ts), and apps
 * see the same fields with the client SDK's Timestamp (client/src/documents.ts). Documents that
 * clients write (presence, users) are validated by the rules too.
 */
export function storedDocumentSchemas<Ts extends z.ZodType>(timestamp: Ts) {
  // The app's own chat backend may create conversations (group ones always): only memberIds is
  // Beckon's to require. Beckon sets both timestamps on the direct conversations it creates.
  const conversationDocSchema = z.object({
    memberIds: z.array(z.string()),
    createdAt: timestamp.optional(),
    lastMessageAt: timestamp.optional(),
  });

  const messageDocSchema = z.object({
    type: z.enum(['text', 'system']),
    senderId: z.string(),
    text: z.string(),
    createdAt: timestamp,
    /** One-to-one calls only: the one invitation. */
    callInvitation: callInvitationSummarySchema.optional(),
    call: callSummarySchema.optional(),
  });

  const deviceDeliveryResultSchema = z.object({
    deviceId: z.string(),
    platform: z.string(),
    channel: z.enum(pushChannels).optional(),
    ok: z.boolean(),
    messageId: z.string().optional(),
    errorCode: z.string().optional(),
    attempts: z.number().optional(),
    previousErrors: z.array(z.string()).optional(),
    /** APNs refused the token, which the app registered for the other environment than Beckon sends to. */
    apnsEnvironmentMismatch: z.object({ token: z.enum(apnsEnvironments), server: z.enum(apnsEnvironments) }).optional(),
  });

  /**
   * One push's record, `callInvitations/{id}/deliveries/{kind}` (kind: call_invitation,
   * call_cancelled, missed_call). The callee's alone: it names their devices and their errors.
   */
  const deliveryDocSchema = z.object({
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
    /** Records written before `heldPush`: a `deferred` push's reason. Read, never written now. */
    stopReason: z.enum(stopRingingReasons).optional(),
    /**
     * A status push held back behind the ring (`deferred`, then claimed by the ring's worker): the
     * push it holds, so that whichever worker sends it, first or after a takeover, sends that one.
     */
    heldPush: z.object({ kind: z.enum(['call_cancelled', 'missed_call']), reason: z.enum(stopRingingReasons) }).optional(),
    /** How many times a later worker took over this push after the worker holding its lease died. */
    takeovers: z.number().optional(),
    /** The claim of the worker that last took the lease: a worker that throws releases only its own. */
    leaseId: z.string().optional(),
    /** Set when the worker holding the lease threw: the next worker takes over at once, not after the lease. */
    releasedAt: timestamp.optional(),
  });

  const invitationDocSchema = z.object({
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
    /** Which range of the ring-timeout sweep's index holds it (domain/call/sweep-shard.ts). */
    sweepShard: z.number().int().optional(),
    /** The call it belongs to (`calls/{callId}`); for a one-to-one call, the invitation's own id. */
    callId: z.string(),
    /** Call waiting (CALL_WAITING): it rang a callee who was in another call, instead of being born `busy`. */
    callWaiting: z.boolean().optional(),
    /** What the callee said when declining ("Can't talk now, call you later"), also posted in the conversation. */
    declineMessage: z.string().optional(),
    /** Once the call it belongs to ended: `hung_up` or `lost` (a participant's app went silent). */
    endedReason: z.enum(callEndedReasons).optional(),
  });

  const deviceDocSchema = z.object({
    platform: platformSchema,
    /** Absent once FCM reported the token unregistered (or on an iOS device that has only a VoIP token). */
    fcmToken: z.string().optional(),
    /** The token's SHA-256 in hex, present with it: what a token is looked up by (the token itself may be too long to index). */
    fcmTokenHash: z.string().optional(),
    /** iOS PushKit token; absent once APNs reported it dead. */
    voipToken: z.string().optional(),
    /** Absent on devices registered before ring styles existed: `notification`. */
    ringStyle: ringStyleSchema.optional(),
    locale: z.string().nullable(),
    appVersion: z.string().nullable(),
    /** iOS: the environment of `voipToken`, when the app said (registerDevice's apnsEnvironment). */
    apnsEnvironment: z.enum(apnsEnvironments).optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
    tokenRemovedAt: timestamp.optional(),
    tokenRemovedReason: z.string().optional(),
    voipTokenRemovedAt: timestamp.optional(),
    voipTokenRemovedReason: z.string().optional(),
  });

  const presenceDocSchema = z.object({
    state: z.enum(['online', 'offline']),
    lastSeenAt: timestamp,
  });

  const userProfileDocSchema = z.object({
    displayName: z.string(),
    photoURL: z.string().optional(),
  });

  const pushOutboxDocSchema = z.object({
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

  /** The accepted call a user is in, so a new invitation to them is `busy`; removed when the call ends. */
  const activeCallDocSchema = z.object({
    /** The user's own invitation in the call; for its caller, the first accepted one; for a member who joined, the call's id. */
    invitationId: z.string(),
    /** The call. */
    callId: z.string(),
    roomId: z.string(),
    conversationId: z.string(),
    since: timestamp,
    /**
     * The user's last heartbeat in the call (entering counts as the first): their app writes it,
     * and only it, every `heartbeatSeconds` (docs/apps.md, "Staying in a call"). Silent for longer
     * than CALL_LIVENESS_TIMEOUT_SECONDS: they lost the call, and are no longer busy.
     */
    aliveAt: timestamp.optional(),
    /** How often the app writes `aliveAt`; the rules refuse a heartbeat sooner than 80% of it after the last. */
    heartbeatSeconds: z.number().int().optional(),
    /** On the callee's entry: the device that accepted (null when the app named none). */
    deviceId: z.string().nullable().optional(),
  });

  /** When the user last sent themself a test push (sendTestPush is rate-limited). */
  const testPushLimitDocSchema = z.object({ lastSentAt: timestamp });

  /** One device's delivery receipt: it started ringing. Only the callee and the server read these. */
  const receiptDocSchema = z.object({
    deviceId: z.string(),
    receivedAt: timestamp,
    /** push (FCM woke the app), voip (PushKit), listener (the app was open). */
    source: z.enum(receiptSources).optional(),
    /** Android: the priority the ring arrived with, and the one it was sent with (acknowledgeCallInvitation). */
    priority: z.enum(pushPriorities).optional(),
    originalPriority: z.enum(pushPriorities).optional(),
  });

  /** A user this user blocked: their calls are refused and they cannot write into the direct chat. */
  const blockedDocSchema = z.object({ blockedAt: timestamp });

  /**
   * A caller's invitation count in the current minute. `expireAt` is for a Firestore TTL policy:
   * a window nobody writes to any more is deleted a day later.
   */
  const rateLimitDocSchema = z.object({
    windowStart: timestamp,
    count: z.number(),
    perCallee: z.record(z.string(), z.number()),
    expireAt: timestamp,
  });

  /**
   * `requestLimits/{uid}`: a user's requests in the current minute to each callable they can
   * repeat (domain/users/request-limit.ts); functions only. `expireAt` is for a TTL policy.
   */
  const requestLimitDocSchema = z.object({
    windowStart: timestamp,
    counts: z.record(z.string(), z.number()),
    expireAt: timestamp,
  });

  /**
   * `deletedUsers/{uid}`: the account was deleted at `deletedAt` (no personal data). A token from a
   * sign-in before it is refused by every callable and every rule that writes. `expireAt` (a TTL
   * policy) comes long after the last such token has expired (an hour).
   */
  const deletedUserDocSchema = z.object({ deletedAt: timestamp, expireAt: timestamp });

  /**
   * `calls/{callId}`: what the whole call shares, readable by the caller and the callees (and
   * members who joined). For one callee the call's id is the invitation's. Every change happens in
   * the transaction that changes a callee's invitation, so the two always agree.
   */
  const callDocSchema = z.object({
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
    /**
     * Placed with `calleeIds`: the call answers in the group shape (sendCallInvitation, endCall,
     * its history line), whatever the number of callees rung.
     */
    group: z.boolean(),
    createdAt: timestamp,
    /** When the rings time out. */
    expiresAt: timestamp,
    /** The first accept. */
    startedAt: timestamp.optional(),
    endedAt: timestamp.optional(),
    /** Who ended it: the last to leave, the caller for everyone, or `system` (ring timeout, a participant lost). */
    endedBy: z.string().optional(),
    /** Why an active call ended: `hung_up` (someone left, or the caller ended it for everyone), or `lost` (see `lostIds`). */
    endedReason: z.enum(callEndedReasons).optional(),
    /** Who left the call because their app went silent (no heartbeat within CALL_LIVENESS_TIMEOUT_SECONDS). */
    lostIds: z.array(z.string()).optional(),
    /** How often each participant's app writes its heartbeat (`activeCalls/{uid}.aliveAt`) while in the call. */
    heartbeatSeconds: z.number().int().optional(),
    requestId: z.string().optional(),
    /** How many people it holds at once, the caller included (MAX_CALL_PARTICIPANTS when placed; absent on older calls: 9). */
    maxParticipants: z.number().int().optional(),
  });

  return {
    conversationDocSchema,
    messageDocSchema,
    deviceDeliveryResultSchema,
    deliveryDocSchema,
    invitationDocSchema,
    deviceDocSchema,
    presenceDocSchema,
    userProfileDocSchema,
    pushOutboxDocSchema,
    activeCallDocSchema,
    testPushLimitDocSchema,
    receiptDocSchema,
    blockedDocSchema,
    rateLimitDocSchema,
    requestLimitDocSchema,
    deletedUserDocSchema,
    callDocSchema,
  };
}

type Stored<Ts> = ReturnType<typeof storedDocumentSchemas<z.ZodType<Ts>>>;
type Document<Ts, Name extends keyof Stored<Ts>> = z.infer<Stored<Ts>[Name]>;

// Each document as an app reads it, with its SDK's Timestamp type as `Ts`.
export type ConversationDocument<Ts> = Document<Ts, 'conversationDocSchema'>;
export type MessageDocument<Ts> = Document<Ts, 'messageDocSchema'>;
export type CallInvitationDocument<Ts> = Document<Ts, 'invitationDocSchema'>;
export type CallDocument<Ts> = Document<Ts, 'callDocSchema'>;
export type DeliveryDocument<Ts> = Document<Ts, 'deliveryDocSchema'>;
export type ReceiptDocument<Ts> = Document<Ts, 'receiptDocSchema'>;
export type DeviceDocument<Ts> = Document<Ts, 'deviceDocSchema'>;
export type PresenceDocument<Ts> = Document<Ts, 'presenceDocSchema'>;
export type UserProfileDocument<Ts> = Document<Ts, 'userProfileDocSchema'>;
export type ActiveCallDocument<Ts> = Document<Ts, 'activeCallDocSchema'>;
export type BlockedDocument<Ts> = Document<Ts, 'blockedDocSchema'>;
export type PushOutboxDocument<Ts> = Document<Ts, 'pushOutboxDocSchema'>;
