// Where the emulator suite runs. `firebase emulators:exec` sets these variables for the command it
// runs, and the launcher the Functions emulator's (npm test runs two suites at once, on their own ports).

export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? 'demo-beckon';
export const REGION = 'us-central1';

function hostAndPort(variable: string, fallback: string): { host: string; port: number } {
  const [host = '127.0.0.1', port = ''] = (process.env[variable] ?? fallback).split(':');
  return { host, port: Number(port) };
}

export const firestoreEmulator = hostAndPort('FIRESTORE_EMULATOR_HOST', '127.0.0.1:8080');
export const authEmulator = hostAndPort('FIREBASE_AUTH_EMULATOR_HOST', '127.0.0.1:9099');
export const functionsEmulator = hostAndPort('BECKON_FUNCTIONS_EMULATOR_HOST', '127.0.0.1:5001');

/** Deletes every document of the project in the Firestore emulator. */
export async function clearFirestore(projectId = PROJECT_ID): Promise<void> {
  const url = `http://${firestoreEmulator.host}:${firestoreEmulator.port}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
  const response = await fetch(url, { method: 'DELETE' });
  if (!response.ok) throw new Error(`clearing Firestore failed: ${response.status} ${await response.text()}`);
}
