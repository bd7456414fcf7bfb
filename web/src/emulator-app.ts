import { type FirebaseApp, initializeApp } from 'firebase/app';
import { type Auth, connectAuthEmulator, getAuth } from 'firebase/auth';
import { type Firestore, connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';

/**
 * The demo's Firebase app, on the emulators that `npm start` runs at the page's own host: the
 * same set-up for the demo and its operator page, as an app's own code would connect them.
 */
export function emulatorApp(): { app: FirebaseApp; auth: Auth; db: Firestore } {
  const host = location.hostname;
  const app = initializeApp({ projectId: 'demo-beckon', apiKey: 'demo-api-key', authDomain: host });
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${host}:9099`, { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, host, 8080);
  connectFunctionsEmulator(getFunctions(app, 'us-central1'), host, 5001);
  return { app, auth, db };
}
