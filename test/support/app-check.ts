import { type FirebaseApp } from 'firebase/app';
import { CustomProvider, initializeAppCheck } from 'firebase/app-check';
import { PROJECT_ID } from './emulators.js';

/** The Firebase app id every test app is registered under. */
export const TEST_APP_ID = '1:123:web:beckon-test';

/**
 * An App Check token as the Functions emulator reads it: a JWT whose subject is the Firebase app
 * id. The emulator decodes App Check tokens without verifying their signature, so a token made
 * here stands for one an app got from App Check.
 */
export function appCheckToken(appId = TEST_APP_ID): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: appId, aud: [`projects/${PROJECT_ID}`], iat: now, exp: now + 3600 })}.c2lnbmF0dXJl`;
}

/** True in the emulator boot that requires App Check on every callable, as production should. */
export const appCheckRequired = () => process.env.REQUIRE_APP_CHECK === 'true';

/**
 * Gives a test app App Check, as a production app has it: the client SDK then sends the token
 * with every callable. Only where the emulators require it, so that the other tests also prove
 * that a laptop needs no App Check set-up.
 */
export function withAppCheck(app: FirebaseApp): void {
  if (!appCheckRequired()) return;
  initializeAppCheck(app, {
    provider: new CustomProvider({ getToken: async () => ({ token: appCheckToken(), expireTimeMillis: Date.now() + 3_600_000 }) }),
    isTokenAutoRefreshEnabled: false,
  });
}

/** Headers of a raw callable request over HTTP, as an app's SDK sends them. */
export function callableHeaders(idToken: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${idToken}`,
    ...(appCheckRequired() ? { 'x-firebase-appcheck': appCheckToken() } : {}),
  };
}
