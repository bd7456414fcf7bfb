import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp, getFirestore } from 'firebase-admin/firestore';
import { directConversationId } from '../../functions/src/domain/users/conversation-ids.js';
import { DEMO_GROUP_ID, DEMO_OPERATOR, DEMO_PASSWORD, DEMO_USERS, demoDeviceId } from './demo-users.js';

/**
 * Puts the demo's data in the emulators: Alice, Bob and Carol (Auth users with display names and
 * profiles), an operator who may read the delivery health, a browser device each, a direct conversation for each pair and a group conversation
 * of all three. Running it again changes nothing that matters.
 */
export async function seedDemo(projectId: string): Promise<void> {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_AUTH_EMULATOR_HOST) {
    throw new Error('the demo seeds the emulators only: FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST must be set');
  }
  const app = getApps().find((candidate) => candidate.name === 'demo-seed') ?? initializeApp({ projectId }, 'demo-seed');
  const auth = getAuth(app);
  const db = getFirestore(app);
  const now = Timestamp.now();

  for (const user of [...DEMO_USERS, DEMO_OPERATOR]) {
    const account = { email: user.email, password: DEMO_PASSWORD, displayName: user.displayName };
    await auth.updateUser(user.uid, account).catch(() => auth.createUser({ uid: user.uid, ...account }));
  }
  // As docs/operating.md shows an operator made: a custom claim, set with the Admin SDK.
  await auth.setCustomUserClaims(DEMO_OPERATOR.uid, { beckonOperator: true });
  const batch = db.batch();
  for (const user of DEMO_USERS) {
    batch.set(db.doc(`users/${user.uid}`), { displayName: user.displayName });
    batch.set(db.doc(`users/${user.uid}/devices/${demoDeviceId(user)}`), {
      platform: 'web',
      fcmToken: `demo-${user.key}-browser-token`,
      ringStyle: 'notification',
      locale: 'en-US',
      appVersion: 'demo',
      createdAt: now,
      updatedAt: now,
    });
  }
  for (const [index, first] of DEMO_USERS.entries()) {
    for (const second of DEMO_USERS.slice(index + 1)) {
      const ref = db.doc(`conversations/${directConversationId(first.uid, second.uid)}`);
      batch.set(ref, { memberIds: [first.uid, second.uid], createdAt: now, lastMessageAt: now }, { merge: true });
    }
  }
  batch.set(
    db.doc(`conversations/${DEMO_GROUP_ID}`),
    { memberIds: DEMO_USERS.map((user) => user.uid), createdAt: now, lastMessageAt: now },
    { merge: true },
  );
  await batch.commit();
}
