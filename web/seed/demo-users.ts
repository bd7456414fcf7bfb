/** The demo's people: fixed uids and passwords, so that `?as=alice` signs Alice in on the Auth emulator. */
export const DEMO_USERS = [
  { key: 'alice', uid: 'alice', displayName: 'Alice', email: 'alice@demo.beckon.test' },
  { key: 'bob', uid: 'bob', displayName: 'Bob', email: 'bob@demo.beckon.test' },
  { key: 'carol', uid: 'carol', displayName: 'Carol', email: 'carol@demo.beckon.test' },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number];

/** Emulator-only accounts: the password is no secret. */
export const DEMO_PASSWORD = 'beckon-demo-password';

/** The group conversation of all three. */
export const DEMO_GROUP_ID = 'demo-group';

/** Each demo user's one registered device: a browser. */
export const demoDeviceId = (user: Pick<DemoUser, 'key'>): string => `${user.key}-browser`;

/**
 * The demo's operator: an account with the custom claim `beckonOperator: true`, who may read the
 * fleet's delivery health (operator.html). Not one of the people who call.
 */
export const DEMO_OPERATOR = {
  key: 'operator',
  uid: 'operator',
  displayName: 'Olivia (operator)',
  email: 'operator@demo.beckon.test',
} as const;
