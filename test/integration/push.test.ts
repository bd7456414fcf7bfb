import { afterAll, describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { emulatorTransport } from '../../functions/src/adapters/push/emulator-transport.js';
import { deliverInvitationPush } from '../../functions/src/handlers/deliver-invitation-push.js';
import { adminDb, finalDelivery, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { registerDevice, sendInvitation, setProfile } from '../support/fixtures.js';

afterAll(deleteClientApps);

describe('the call-invitation push', () => {
  it('speaks each device its language and expires with the call on every platform', async () => {
    const [caller, callee] = await Promise.all([signUp('Auth Name'), signUp()]);
    await setProfile(caller, '小明');
    await registerDevice(callee, { deviceId: 'android-en', platform: 'android', locale: 'en-GB' });
    await registerDevice(callee, { deviceId: 'ios-zh', platform: 'ios', locale: 'zh-Hans-CN' });
    await registerDevice(callee, { deviceId: 'web-de', platform: 'web', locale: 'de-DE' });

    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'video' });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery.state).toBe('sent');
    const attemptedAt = delivery.attemptedAt.toMillis();

    const pushes = Object.fromEntries((await outboxFor(sent.invitationId)).map((p) => [p.deviceId, p]));
    const data = {
      type: 'call_invitation',
      invitationId: sent.invitationId,
      conversationId: sent.conversationId,
      callerId: caller.uid,
      callerName: '小明',
      callType: 'video',
      roomId: sent.roomId,
      expiresAt: String(sent.expiresAt),
    };

    const android = pushes['android-en']?.message;
    expect(android.data).toEqual(data);
    expect(android.android).toMatchObject({ priority: 'high', notification: { body: '小明 is inviting you to a video call' } });
    expect(android.android.ttl).toBeLessThanOrEqual(sent.expiresAt - attemptedAt);
    expect(android.android.ttl).toBeGreaterThan(sent.expiresAt - attemptedAt - 5_000);

    const ios = pushes['ios-zh']?.message;
    expect(ios.data).toEqual(data);
    expect(ios.apns.headers).toMatchObject({ 'apns-priority': '10', 'apns-expiration': String(Math.floor(sent.expiresAt / 1000)) });
    expect(ios.apns.payload.aps.alert).toEqual({ title: '视频通话邀请', body: '小明 邀请您进行视频通话' });

    const web = pushes['web-de']?.message;
    expect(web.data).toEqual(data);
    expect(web.webpush.notification).toMatchObject({ body: '小明 is inviting you to a video call', tag: sent.invitationId });
  });

  it('says audio call in Chinese and falls back to the Auth display name', async () => {
    const [caller, callee] = await Promise.all([signUp('Wang Fang'), signUp()]);
    await registerDevice(callee, { platform: 'android', locale: 'zh_TW' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio' });
    await finalDelivery(sent.invitationId);
    const [push] = await outboxFor(sent.invitationId);
    expect(push?.message.android.notification.body).toBe('Wang Fang 邀请您进行语音通话');
    expect(push?.message.data.callType).toBe('audio');
  });

  it('removes a token FCM reports unregistered and still reaches the other devices', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'uninstalled', platform: 'android', fcmToken: 'fake-unregistered-1' });
    await registerDevice(callee, { deviceId: 'current', platform: 'ios' });

    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery.state).toBe('partial');
    expect(delivery.devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ deviceId: 'uninstalled', ok: false, errorCode: 'messaging/registration-token-not-registered' }),
        expect.objectContaining({ deviceId: 'current', ok: true, messageId: expect.any(String) }),
      ]),
    );
    // Pruned right after the outcome is recorded.
    await expect
      .poll(async () => (await adminDb().doc(`users/${callee.uid}/devices/uninstalled`).get()).data(), { timeout: 10_000 })
      .toMatchObject({ tokenRemovedReason: 'messaging/registration-token-not-registered' });
    expect((await adminDb().doc(`users/${callee.uid}/devices/uninstalled`).get()).data()?.fcmToken).toBeUndefined();

    const next = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(next.invitationId);
    expect((await outboxFor(next.invitationId)).map((p) => p.deviceId)).toEqual(['current']);
  });

  it('records a transient FCM failure and keeps the token', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'flaky', platform: 'android', fcmToken: 'fake-unavailable-1' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery).toMatchObject({
      state: 'failed',
      devices: [{ deviceId: 'flaky', platform: 'android', ok: false, errorCode: 'messaging/server-unavailable' }],
    });
    const device = (await adminDb().doc(`users/${callee.uid}/devices/flaky`).get()).data();
    expect(device?.fcmToken).toBe('fake-unavailable-1');
  });

  it('records no_devices, with the reason, for a callee with no device', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery).toMatchObject({ state: 'no_devices', transport: 'emulator', devices: [] });
    expect(delivery.reason).toMatch(/no device/);
    expect(await outboxFor(sent.invitationId)).toHaveLength(0);
  });

  it('sends nothing twice when the trigger is delivered again, even concurrently', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { platform: 'android' });
    await registerDevice(callee, { platform: 'ios' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });

    // The emulator delivers each event once; Cloud Functions may deliver it again. Replay it by hand.
    const deps = { store: collections(adminDb()), transport: () => emulatorTransport(collections(adminDb())), now: () => Date.now() };
    const replays = await Promise.all([deliverInvitationPush(deps, sent.invitationId), deliverInvitationPush(deps, sent.invitationId)]);
    await finalDelivery(sent.invitationId);
    const again = await deliverInvitationPush(deps, sent.invitationId);

    expect(again).toEqual({ skipped: true, duplicate: true, status: 'ringing' });
    expect(replays.filter((r) => !r.skipped).length).toBeLessThanOrEqual(1);
    const pushes = await outboxFor(sent.invitationId);
    expect(pushes).toHaveLength(2);
    expect(new Set(pushes.map((p) => p.deviceId)).size).toBe(2);
  });
});
