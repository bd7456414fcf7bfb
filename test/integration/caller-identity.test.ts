import { doc, getDoc, setDoc } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, finalDelivery, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { registerDevice, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

// What a caller writes about themself (their profile, their Auth display name) reaches the callee's
// lock screen: the rules refuse a hostile profile where it is written, and the functions clean
// whatever they put into a push and the history (issue 18, findings 1 and 2): the Auth name, which
// the rules do not see, and profiles written before the rules checked them.

const HOSTILE_NAME = '\u202Eexe.gnp\u202C BANK ALERT\n\r\u0007\u0000 call +1-555-0100 \u200B\u2066now\u2069';
const TRACKING_PIXEL = 'http://attacker.example/track.gif?v=1';

/** A profile as one written before the rules checked names and pictures: by the server, past the rules. */
const writeOldProfile = (uid: string, profile: Record<string, unknown>) => adminDb().doc(`users/${uid}`).set(profile);

/** The ring push the callee's Android phone got, and the history line both parties read. */
async function whatTheCalleeSees(caller: Awaited<ReturnType<typeof signUp>>, locale = 'en-US') {
  const callee = await signUp('Callee');
  await registerDevice(callee, { deviceId: 'phone', platform: 'android', locale });
  const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio' });
  await finalDelivery(sent.invitationId);
  const [push] = (await outboxFor(sent.invitationId)).filter((p) => p.kind === 'call_invitation');
  const history = (await getDoc(doc(callee.db, 'conversations', sent.conversationId, 'messages', sent.systemMessage.id))).data();
  return { push: push?.message, history };
}

describe("the caller's name and picture on the callee's screen", () => {
  it('the rules refuse the lock-screen name, a blank name and the tracking pixel where they are written', async () => {
    const caller = await signUp();
    const profile = doc(caller.db, 'users', caller.uid);
    await expect(setDoc(profile, { displayName: HOSTILE_NAME })).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(setDoc(profile, { displayName: ' \u200B\u2060 ' })).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(setDoc(profile, { displayName: 'x'.repeat(65) })).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(setDoc(profile, { displayName: 'Mallory', photoURL: TRACKING_PIXEL })).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await expect(setDoc(profile, { displayName: 'Mallory', photoURL: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await setDoc(profile, { displayName: '👨‍👩‍👧 Mallory Ó', photoURL: 'https://example.com/m.png' });
    expect((await getDoc(profile)).data()).toEqual({ displayName: '👨‍👩‍👧 Mallory Ó', photoURL: 'https://example.com/m.png' });
  });

  it('lose bidi overrides, control and invisible characters; a picture that is not https is dropped', async () => {
    const caller = await signUp();
    await writeOldProfile(caller.uid, { displayName: HOSTILE_NAME, photoURL: TRACKING_PIXEL });
    const { push, history } = await whatTheCalleeSees(caller);
    const clean = 'exe.gnp BANK ALERT call +1-555-0100 now';
    expect(push.data.callerName).toBe(clean);
    expect(push.data).not.toHaveProperty('callerPhotoURL');
    expect(push.android.notification.body).toBe(`${clean} is inviting you to an audio call`);
    expect(history?.text).toBe(`${clean} started an audio call`);
  });

  it('caps an Auth display name of any length (a caller with no profile)', async () => {
    const caller = await signUp('y'.repeat(8_444));
    const { push } = await whatTheCalleeSees(caller);
    expect(Array.from(push.data.callerName as string)).toHaveLength(64);
  });

  it('falls back to the Auth name when the profile name has nothing readable, and keeps an https picture', async () => {
    const caller = await signUp('Fallback Name');
    await writeOldProfile(caller.uid, { displayName: ' \u200B ', photoURL: 'https://example.com/me.png' });
    const { push } = await whatTheCalleeSees(caller);
    expect(push.data.callerName).toBe('Fallback Name');
    expect(push.data.callerPhotoURL).toBe('https://example.com/me.png');
  });

  it('says "Someone", in the callee\'s language, when nothing readable is left', async () => {
    const caller = await signUp('\u200B\u2060 ');
    const { push } = await whatTheCalleeSees(caller);
    expect(push.data.callerName).toBe('Someone');
    expect(push.android.notification.body).toBe('Someone is inviting you to an audio call');
    const inChinese = await whatTheCalleeSees(caller, 'zh-CN');
    expect(inChinese.push.data.callerName).toBe('Someone');
    expect(inChinese.push.android.notification.body).toBe('有人 邀请您进行语音通话');
  });
});
