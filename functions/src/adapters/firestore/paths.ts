/** Every Firestore path Beckon touches. No other file assembles a path. */
export const paths = {
  conversations: 'conversations',
  messages: 'messages',
  callInvitations: 'callInvitations',
  users: 'users',
  devices: 'devices',
  presence: 'presence',
  pushOutbox: 'pushOutbox',
  activeCalls: 'activeCalls',
  testPushLimits: 'testPushLimits',
} as const;
