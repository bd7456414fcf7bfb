import { afterAll, describe, expect, it } from 'vitest';
import { deleteClientApps, signUp } from '../support/client.js';
import { PROJECT_ID, REGION, functionsEmulator } from '../support/emulators.js';
import { callError } from '../support/fixtures.js';

afterAll(deleteClientApps);

// This run starts the emulators with REQUIRE_APP_CHECK=true (the main run has it off, as on every
// developer's laptop). The Functions emulator decodes App Check tokens without verifying their
// signature, so a token made here stands for one an app got from App Check.

/** An App Check token as the emulator reads it: a JWT whose subject is the Firebase app id. */
function appCheckToken(appId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: appId, aud: [`projects/${PROJECT_ID}`], iat: now, exp: now + 3600 })}.c2lnbmF0dXJl`;
}

/** Calls a callable over HTTP as an app's SDK does, with or without an App Check token. */
async function callRaw(name: string, idToken: string, data: unknown, appCheck?: string) {
  const url = `http://${functionsEmulator.host}:${functionsEmulator.port}/${PROJECT_ID}/${REGION}/${name}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${idToken}`,
      ...(appCheck ? { 'x-firebase-appcheck': appCheck } : {}),
    },
    body: JSON.stringify({ data }),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown; error?: { status: string } } };
}

describe('REQUIRE_APP_CHECK=true', () => {
  it('refuses a callable without an App Check token as unauthenticated, and writes nothing', async () => {
    const user = await signUp();
    const error = await callError(user.call('registerDevice', { deviceId: 'phone', platform: 'android', fcmToken: 't-no-app-check' }));
    expect(error.code).toBe('unauthenticated');
    const idToken = (await user.auth.currentUser?.getIdToken()) as string;
    const raw = await callRaw('sendCallInvitation', idToken, { calleeId: user.uid });
    expect(raw).toMatchObject({ status: 401, body: { error: { status: 'UNAUTHENTICATED' } } });
  });

  it('serves a callable that carries an App Check token', async () => {
    const user = await signUp();
    const idToken = (await user.auth.currentUser?.getIdToken()) as string;
    const raw = await callRaw(
      'registerDevice',
      idToken,
      { deviceId: 'phone', platform: 'android', fcmToken: 't-app-check' },
      appCheckToken('1:123:android:abc'),
    );
    expect(raw).toEqual({ status: 200, body: { result: { deviceId: 'phone' } } });
  });
});
