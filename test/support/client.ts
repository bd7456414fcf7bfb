import { randomUUID } from 'node:crypto';
import { type FirebaseApp, deleteApp, initializeApp } from 'firebase/app';
import {
  type Auth,
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  signInWithEmailAndPassword,
  type UserCredential,
  updateProfile,
} from 'firebase/auth';
import { type Firestore, connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { type Functions, connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import { type BeckonClient, beckonClient } from '../../client/src/index.js';
import { TEST_APP_ID, withAppCheck } from './app-check.js';
import { PROJECT_ID, REGION, authEmulator, firestoreEmulator, functionsEmulator } from './emulators.js';

/** One signed-in user of a mobile or web app: their own Firebase app, auth, Firestore and functions. */
export interface AppUser {
  uid: string;
  email: string;
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
  /** Beckon's client library on this user's app: how the tests act as an app. */
  beckon: BeckonClient;
  /**
   * Calls a callable raw, as an Android or iOS app without the library would, and returns its
   * data: for the wire contract itself (malformed and hostile requests, the `invitationId` forms).
   */
  call<Result = unknown>(name: string, data?: unknown): Promise<Result>;
}

const apps: FirebaseApp[] = [];
const PASSWORD = 'correct-horse-battery';

/** Each test client's Firebase app, as an app's config would name the emulated project. */
const APP_OPTIONS = { projectId: PROJECT_ID, apiKey: 'demo-api-key', appId: TEST_APP_ID };

export function newClientApp(): { app: FirebaseApp; auth: Auth; db: Firestore; functions: Functions } {
  const app = initializeApp(APP_OPTIONS, `client-${randomUUID()}`);
  apps.push(app);
  withAppCheck(app);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${authEmulator.host}:${authEmulator.port}`, { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, firestoreEmulator.host, firestoreEmulator.port);
  const functions = getFunctions(app, REGION);
  connectFunctionsEmulator(functions, functionsEmulator.host, functionsEmulator.port);
  return { app, auth, db, functions };
}

/** Signs up a fresh user on the Auth emulator, as an app's sign-up screen would. */
export async function signUp(displayName?: string): Promise<AppUser> {
  const client = newClientApp();
  const { email, credential } = await createFreshUser(client.auth);
  if (displayName) {
    await updateProfile(credential.user, { displayName });
    await credential.user.getIdToken(true);
  }
  return appUser(client, credential.user.uid, email);
}

/**
 * A request to the Auth emulator has failed at the network once in a run (auth/network-request-failed
 * after 79 ms, with two test files at a time): a sign-up, which no test looks at, is tried again
 * with a fresh address, so a socket the emulator closed does not fail a test about calls.
 */
async function createFreshUser(auth: Auth, attempts = 3): Promise<{ email: string; credential: UserCredential }> {
  for (let attempt = 1; ; attempt++) {
    const email = `user-${randomUUID()}@beckon.test`;
    try {
      return { email, credential: await createUserWithEmailAndPassword(auth, email, PASSWORD) };
    } catch (error) {
      if (attempt >= attempts || (error as { code?: string }).code !== 'auth/network-request-failed') throw error;
    }
  }
}

function appUser(client: ReturnType<typeof newClientApp>, uid: string, email: string): AppUser {
  return {
    ...client,
    uid,
    email,
    beckon: beckonClient(client.app, { region: REGION }),
    async call<Result>(name: string, data?: unknown) {
      return (await httpsCallable<unknown, Result>(client.functions, name)(data)).data;
    },
  };
}

/** An app with nobody signed in. */
export function anonymousCaller() {
  const client = newClientApp();
  return {
    call: async (name: string, data?: unknown) => (await httpsCallable(client.functions, name)(data)).data,
  };
}

/** An app that crashed: its process is gone, with its listeners and timers; nobody said goodbye. */
export async function crashApp(user: { app: FirebaseApp }): Promise<void> {
  apps.splice(apps.indexOf(user.app), 1);
  await deleteApp(user.app);
}

/**
 * Firestore as an app holding `idToken` sees it, whatever Auth now says of its user: what a
 * client that saved a token can replay after its account was deleted.
 */
export function firestoreWithToken(idToken: string): Firestore {
  const app = initializeApp(APP_OPTIONS, `token-${randomUUID()}`);
  apps.push(app);
  const db = getFirestore(app);
  connectFirestoreEmulator(db, firestoreEmulator.host, firestoreEmulator.port, { mockUserToken: idToken });
  return db;
}

export async function deleteClientApps(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => deleteApp(app)));
}

/** Signs `user` in on an app that has nobody signed in, as an app's sign-in screen would. */
export async function signInOn(client: { auth: Auth }, user: AppUser): Promise<void> {
  await signInWithEmailAndPassword(client.auth, user.email, PASSWORD);
}

/** The same user on a second device: another app instance signed in with the same account. */
export async function signInElsewhere(user: AppUser): Promise<AppUser> {
  const client = newClientApp();
  const credential = await signInWithEmailAndPassword(client.auth, user.email, PASSWORD);
  return appUser(client, credential.user.uid, user.email);
}
