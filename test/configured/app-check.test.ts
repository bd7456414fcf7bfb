import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { appCheckToken } from '../support/app-check.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { postCallable } from '../support/callable-http.js';
import { requireParams } from '../support/params.js';

// The main boot of `npm test` has App Check off, as on every developer's laptop; this one requires
// it, as production should, and every test app here carries a token (test/support/app-check.ts).
beforeAll(() => requireParams({ REQUIRE_APP_CHECK: 'true' }));
afterAll(deleteClientApps);

/** Calls a callable over HTTP as an app's SDK does, with or without an App Check token. */
const callRaw = (name: string, idToken: string, data: unknown, appCheck?: string) =>
  postCallable(name, idToken, JSON.stringify({ data }), {
    'content-type': 'application/json',
    authorization: `Bearer ${idToken}`,
    ...(appCheck ? { 'x-firebase-appcheck': appCheck } : {}),
  });

describe('REQUIRE_APP_CHECK=true', () => {
  it('refuses a callable without an App Check token as unauthenticated, and writes nothing', async () => {
    const user = await signUp();
    const idToken = (await user.auth.currentUser?.getIdToken()) as string;
    const device = { deviceId: 'phone', platform: 'android', fcmToken: 't-no-app-check' };
    expect(await callRaw('registerDevice', idToken, device)).toMatchObject({ status: 401, body: { error: { status: 'UNAUTHENTICATED' } } });
    expect(await callRaw('sendCallInvitation', idToken, { calleeId: user.uid })).toMatchObject({
      status: 401,
      body: { error: { status: 'UNAUTHENTICATED' } },
    });
    expect((await adminDb().doc(`users/${user.uid}/devices/phone`).get()).exists).toBe(false);
  });

  it('serves a callable that carries an App Check token, raw or through the client SDK', async () => {
    const user = await signUp();
    const idToken = (await user.auth.currentUser?.getIdToken()) as string;
    const raw = await callRaw(
      'registerDevice',
      idToken,
      { deviceId: 'phone', platform: 'android', fcmToken: 't-app-check' },
      appCheckToken(),
    );
    expect(raw).toEqual({ status: 200, body: { result: { deviceId: 'phone' } } });
    // The SDK sends the token of the app's App Check provider by itself.
    expect(await user.beckon.registerDevice({ deviceId: 'tablet', platform: 'android', fcmToken: 't-sdk' })).toEqual({
      deviceId: 'tablet',
    });
  });
});
