/** Every Firestore path Beckon touches. No other file assembles a path. */
export const paths = {
  conversations: 'conversations',
  messages: 'messages',
  callInvitations: 'callInvitations',
  /** `calls/{callId}`: the whole call, every callee's state; readable by its members only. */
  calls: 'calls',
  /** `callInvitations/{id}/receipts/{deviceId}`: which devices of the callee rang, readable by the callee only. */
  receipts: 'receipts',
  /** `callInvitations/{id}/deliveries/{kind}`: each push's record, readable by the callee only. */
  deliveries: 'deliveries',
  users: 'users',
  devices: 'devices',
  /** `users/{uid}/blocked/{otherUid}`: whom the user blocked; readable by its owner only. */
  blocked: 'blocked',
  /** `rateLimits/{callerId}`: the caller's current one-minute window of invitations. */
  rateLimits: 'rateLimits',
  /** `requestLimits/{uid}`: the user's current one-minute window of requests to the callables they can repeat. */
  requestLimits: 'requestLimits',
  /** `deletedUsers/{uid}`: a deleted account's tombstone; its earlier tokens are refused everywhere. */
  deletedUsers: 'deletedUsers',
  presence: 'presence',
  pushOutbox: 'pushOutbox',
  activeCalls: 'activeCalls',
  testPushLimits: 'testPushLimits',
  /**
   * `mediaRoomChanges/{id}`: who must be taken out of a call's media room, and whether it closes,
   * written with the call's change that caused it (MEDIA_PROVIDER=livekit only); its trigger tells
   * the media server. Functions only; a TTL policy on `expireAt` deletes it.
   */
  mediaRoomChanges: 'mediaRoomChanges',
  /**
   * `deliveryHealth/{YYYYMMDDHH}-{shard}`: the fleet's delivery counters of one hour, one shard of
   * HEALTH_COUNTER_SHARDS (adapters/firestore/health-counters.ts). Functions only; TTL on `expireAt`.
   */
  deliveryHealth: 'deliveryHealth',
  /** `deviceHealth/{id}`: one device's rings since its last receipt (silent devices). Functions only; TTL on `expireAt`. */
  deviceHealth: 'deviceHealth',
  // The emulators only (never deployed): the faults' control and record, and the failed events
  // that the launcher's stand-in for Eventarc delivers again (faults/, scripts/emulator-schedules.mjs).
  /** `emulatorControls/faultInjection`: the fault rates tests set at run time. */
  faultInjectionControl: 'emulatorControls/faultInjection',
  /** One document per injected fault: its point and the ids of the work it hit. */
  emulatorFaults: 'emulatorFaults',
  /** `emulatorRetries/{eventId}`: a trigger event that failed, waiting to be delivered again. */
  emulatorRetries: 'emulatorRetries',
} as const;
