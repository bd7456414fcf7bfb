/** Every Firestore path Beckon touches. No other file assembles a path. */
export const paths = {
  conversations: 'conversations',
  messages: 'messages',
  callInvitations: 'callInvitations',
  /** `callInvitations/{id}/receipts/{deviceId}`: which devices of the callee rang, readable by the callee only. */
  receipts: 'receipts',
  users: 'users',
  devices: 'devices',
  presence: 'presence',
  pushOutbox: 'pushOutbox',
  activeCalls: 'activeCalls',
  testPushLimits: 'testPushLimits',
} as const;
