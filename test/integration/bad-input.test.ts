import { afterAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { postCallable } from '../support/callable-http.js';
import { type AppUser, anonymousCaller, deleteClientApps, signUp } from '../support/client.js';
import { callError, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

/** Nothing of the caller's may exist after a refused call: no invitation, no conversation, no message. */
async function expectNothingWrittenFor(uid: string): Promise<void> {
  const db = adminDb();
  const [invitations, conversations] = await Promise.all([
    db.collection('callInvitations').where('callerId', '==', uid).get(),
    db.collection('conversations').where('memberIds', 'array-contains', uid).get(),
  ]);
  expect(invitations.size).toBe(0);
  expect(conversations.size).toBe(0);
}

describe('sendCallInvitation refuses bad input and writes nothing', () => {
  it('requires a signed-in user', async () => {
    const callee = await signUp();
    const error = await callError(anonymousCaller().call('sendCallInvitation', { calleeId: callee.uid }));
    expect(error.code).toBe('unauthenticated');
    const invitations = await adminDb().collection('callInvitations').where('calleeId', '==', callee.uid).get();
    expect(invitations.size).toBe(0);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a missing calleeId', {}, 'calleeId'],
    ['an empty calleeId', { calleeId: '' }, 'calleeId'],
    ['a calleeId with a slash', { calleeId: 'a/b' }, 'calleeId'],
    ['a calleeId over 128 characters', { calleeId: 'x'.repeat(129) }, 'calleeId'],
    ['a calleeId that is not a string', { calleeId: 42 }, 'calleeId'],
    ['a reserved calleeId', { calleeId: '__name__' }, 'calleeId'],
    ['an unknown callType', { calleeId: 'someone', callType: 'hologram' }, 'callType'],
    ['a conversationId with a slash', { calleeId: 'someone', conversationId: 'x/y' }, 'conversationId'],
    ['a blank requestId', { calleeId: 'someone', requestId: '   ' }, 'requestId'],
    ['a requestId over 128 characters', { calleeId: 'someone', requestId: 'r'.repeat(129) }, 'requestId'],
    ['a ring shorter than 5 s', { calleeId: 'someone', ringSeconds: 4 }, 'ringSeconds'],
    ['a ring longer than 180 s', { calleeId: 'someone', ringSeconds: 181 }, 'ringSeconds'],
    ['a ring of a fraction of a second', { calleeId: 'someone', ringSeconds: 5.5 }, 'ringSeconds'],
    ['a ring time that is not a number', { calleeId: 'someone', ringSeconds: '30' }, 'ringSeconds'],
  ];

  it.each(invalid)('answers invalid-argument for %s, naming the field', async (_, data, field) => {
    const caller = await signUp();
    const error = await callError(caller.call('sendCallInvitation', data));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain(field);
    expect(error.details).toMatchObject({ issues: [expect.objectContaining({ field })] });
    await expectNothingWrittenFor(caller.uid);
  });

  it('answers invalid-argument when the request is not an object', async () => {
    const caller = await signUp();
    const error = await callError(caller.call('sendCallInvitation', 'call bob'));
    expect(error.code).toBe('invalid-argument');
    await expectNothingWrittenFor(caller.uid);
  });

  it('answers invalid-argument for a call to yourself', async () => {
    const caller = await signUp();
    const error = await callError(sendInvitation(caller, { calleeId: caller.uid }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('calleeId');
    await expectNothingWrittenFor(caller.uid);
  });

  it('answers not-found for a callee who is not a user', async () => {
    const caller = await signUp();
    const error = await callError(sendInvitation(caller, { calleeId: 'nobody-by-this-id' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('calleeId');
    await expectNothingWrittenFor(caller.uid);
  });

  it('answers not-found for an unknown conversation', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const error = await callError(sendInvitation(caller, { calleeId: callee.uid, conversationId: 'no-such-conversation' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('conversationId');
    await expectNothingWrittenFor(caller.uid);
  });

  it('answers permission-denied for a conversation the caller or the callee is not in', async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const theirs = await sendInvitation(alice, { calleeId: bob.uid });

    const intruder = await callError(sendInvitation(mallory, { calleeId: bob.uid, conversationId: theirs.conversationId }));
    expect(intruder.code).toBe('permission-denied');
    await expectNothingWrittenFor(mallory.uid);

    const outsider = await callError(sendInvitation(alice, { calleeId: mallory.uid, conversationId: theirs.conversationId }));
    expect(outsider.code).toBe('permission-denied');
    const toMallory = await adminDb().collection('callInvitations').where('calleeId', '==', mallory.uid).get();
    expect(toMallory.size).toBe(0);
  });

  it('answers already-exists when a requestId is reused for a different callee, and rings nobody new', async () => {
    const [caller, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    await sendInvitation(caller, { calleeId: bob.uid, requestId: 'r1' });
    const error = await callError(sendInvitation(caller, { calleeId: carol.uid, requestId: 'r1' }));
    expect(error.code).toBe('already-exists');
    const toCarol = await adminDb().collection('callInvitations').where('calleeId', '==', carol.uid).get();
    expect(toCarol.size).toBe(0);
  });
});

describe('registerDevice and unregisterDevice refuse bad input', () => {
  const invalid: [string, Record<string, unknown>, string][] = [
    ['a missing deviceId', { platform: 'android', fcmToken: 't' }, 'deviceId'],
    ['a deviceId with a slash', { deviceId: 'a/b', platform: 'android', fcmToken: 't' }, 'deviceId'],
    ['a deviceId of ".."', { deviceId: '..', platform: 'android', fcmToken: 't' }, 'deviceId'],
    ['an unknown platform', { deviceId: 'd', platform: 'symbian', fcmToken: 't' }, 'platform'],
    ['a missing token', { deviceId: 'd', platform: 'ios' }, 'fcmToken'],
    ['an empty token', { deviceId: 'd', platform: 'ios', fcmToken: '' }, 'fcmToken'],
    ['a token over 4096 characters', { deviceId: 'd', platform: 'ios', fcmToken: 't'.repeat(4097) }, 'fcmToken'],
    ['a malformed locale', { deviceId: 'd', platform: 'web', fcmToken: 't', locale: 'not a locale!' }, 'locale'],
    ['an appVersion over 64 characters', { deviceId: 'd', platform: 'web', fcmToken: 't', appVersion: 'v'.repeat(65) }, 'appVersion'],
  ];

  it.each(invalid)('registerDevice answers invalid-argument for %s', async (_, data, field) => {
    const user = await signUp();
    const error = await callError(user.call('registerDevice', data));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain(field);
    const devices = await adminDb().collection(`users/${user.uid}/devices`).get();
    expect(devices.size).toBe(0);
  });

  it('unregisterDevice answers invalid-argument for a bad deviceId and unauthenticated when signed out', async () => {
    const user = await signUp();
    expect((await callError(user.call('unregisterDevice', { deviceId: '' }))).code).toBe('invalid-argument');
    expect((await callError(anonymousCaller().call('unregisterDevice', { deviceId: 'd' }))).code).toBe('unauthenticated');
    expect((await callError(anonymousCaller().call('registerDevice', { deviceId: 'd', platform: 'web', fcmToken: 't' }))).code).toBe(
      'unauthenticated',
    );
  });
});

/** A callable request sent as JSON text, as a tampered client can: keys an object literal cannot carry. */
const postJson = async (user: AppUser, name: string, body: string) =>
  postCallable(name, (await user.auth.currentUser?.getIdToken()) as string, body);

describe('requests that are not plain JSON data', () => {
  it('refuses fields smuggled under __proto__ with invalid-argument, and places no call', async () => {
    const [mallory, victim] = await Promise.all([signUp('Mallory'), signUp('Victim')]);
    const answer = await postJson(mallory, 'sendCallInvitation', `{"data": {"__proto__": {"calleeId": "${victim.uid}"}}}`);
    expect(answer).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    expect(answer.body.error?.message).toContain('(request)');
    const nested = await postJson(mallory, 'sendCallInvitation', `{"data": {"calleeId": "${victim.uid}", "constructor": {}}}`);
    expect(nested).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    const rung = await adminDb().collection('callInvitations').where('calleeId', '==', victim.uid).get();
    expect(rung.size).toBe(0);
  });

  it('survives data nested thousands deep: firebase-functions fails to decode it, nothing is written, the next request works', async () => {
    const user = await signUp();
    // A known limit of firebase-functions' request decoding (a stack overflow before Beckon runs): docs/callables.md.
    const deep = `{"data": {"deviceId": "d", "platform": "web", "fcmToken": ${'['.repeat(3_000)}${']'.repeat(3_000)}}}`;
    const answer = await postJson(user, 'registerDevice', deep);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect((await adminDb().collection(`users/${user.uid}/devices`).get()).size).toBe(0);
    expect(await user.beckon.registerDevice({ deviceId: 'phone', platform: 'web', fcmToken: `token-${user.uid}` })).toEqual({
      deviceId: 'phone',
    });
  });
});
