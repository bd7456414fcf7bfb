import { getApps, initializeApp } from 'firebase-admin/app';
import { type Auth, getAuth } from 'firebase-admin/auth';
import { type DocumentData, type Firestore, getFirestore } from 'firebase-admin/firestore';
import { finalDeliveryStates } from '../../functions/src/contract/index.js';
import { PROJECT_ID } from './emulators.js';

/**
 * Admin access for what no client may read (the push outbox, other users' devices): the
 * checks a developer makes in the Emulator UI. Uses the same firebase-admin as the functions.
 */
export function adminDb(): Firestore {
  return getFirestore(adminApp());
}

/** The Admin SDK's Auth, as an operator's own tooling uses it (custom claims). */
export const adminAuth = (): Auth => getAuth(adminApp());

const adminApp = () =>
  getApps().find((candidate) => candidate.name === 'test-admin') ?? initializeApp({ projectId: PROJECT_ID }, 'test-admin');

/**
 * Waits until the document at `path` satisfies the predicate. It polls rather than listens: a
 * listener set up while the trigger writes can miss that write in this emulator (TOOLCHAIN.md).
 */
export async function waitForAdminDoc(
  path: string,
  predicate: (data: DocumentData | undefined) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<DocumentData | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: DocumentData | undefined;
  while (Date.now() < deadline) {
    last = (await adminDb().doc(path).get()).data();
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** The push outbox entries of one invitation (the emulator transport's record of every would-be FCM message). */
export async function outboxFor(invitationId: string): Promise<DocumentData[]> {
  const snapshot = await adminDb().collection('pushOutbox').where('invitationId', '==', invitationId).get();
  return snapshot.docs.map((doc) => doc.data());
}

/** The path of one push's record: callInvitations/{id}/deliveries/{kind}. */
export const deliveryPath = (invitationId: string, kind: string) => `callInvitations/${invitationId}/deliveries/${kind}`;

/** Waits for one kind of push (call_invitation, call_cancelled, missed_call) to be recorded as final. */
export async function finalDeliveryOf(invitationId: string, kind: string, timeoutMs?: number): Promise<DocumentData> {
  const data = await waitForAdminDoc(
    deliveryPath(invitationId, kind),
    (record) => (finalDeliveryStates as readonly string[]).includes(record?.state),
    `the ${kind} push of invitation ${invitationId}`,
    timeoutMs,
  );
  return data as DocumentData;
}

/** Waits for the push trigger to record the call-invitation push. */
export const finalDelivery = (invitationId: string, timeoutMs?: number) => finalDeliveryOf(invitationId, 'call_invitation', timeoutMs);

export async function outboxOfKind(invitationId: string, kind: string): Promise<DocumentData[]> {
  return (await outboxFor(invitationId)).filter((push) => push.kind === kind);
}
