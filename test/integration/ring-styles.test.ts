import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, finalDelivery, finalDeliveryOf, outboxFor, outboxOfKind } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { cancelCall, registerDevice, respond, sendInvitation } from '../support/fixtures.js';
import { setDoc, doc } from 'firebase/firestore';

afterAll(deleteClientApps);

const VOIP = 'a1b2c3d4'.repeat(8);

describe('how each device rings', () => {
  it('rings a native Android device with data only, carrying the caller photo and sentAt, and a notification-style one in the calls channel', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await setDoc(doc(caller.db, 'users', caller.uid), { displayName: 'Alice', photoURL: 'https://example.com/alice.png' });
    await registerDevice(callee, { deviceId: 'pixel-native', platform: 'android', ringStyle: 'native' });
    await registerDevice(callee, { deviceId: 'pixel-classic', platform: 'android' });

    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio' });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery.state).toBe('sent');
    const pushes = Object.fromEntries((await outboxFor(sent.invitationId)).map((p) => [p.deviceId, p]));

    const native = pushes['pixel-native'];
    expect(native?.channel).toBe('fcm');
    expect(native?.message.android.notification).toBeUndefined();
    expect(native?.message.android).toMatchObject({ priority: 'high', collapseKey: sent.invitationId });
    expect(native?.message.android.ttl).toBeLessThanOrEqual(sent.expiresAt - Number(native?.message.data.sentAt));
    expect(native?.message.data).toMatchObject({
      type: 'call_invitation',
      invitationId: sent.invitationId,
      callerName: 'Alice',
      callerPhotoURL: 'https://example.com/alice.png',
      callType: 'audio',
      roomId: sent.roomId,
      expiresAt: String(sent.expiresAt),
    });
    expect(Number(native?.message.data.sentAt)).toBeGreaterThanOrEqual(sent.systemMessage.createdAt);

    const classic = pushes['pixel-classic'];
    expect(classic?.message.android.notification).toMatchObject({
      channelId: 'beckon_calls',
      priority: 'max',
      visibility: 'public',
      tag: sent.invitationId,
      body: 'Alice is inviting you to an audio call',
    });
    expect(classic?.message.data.sentAt).toBeUndefined();
  });

  it('rings an iPhone with a VoIP token by a VoIP push to APNs, and sends it nothing else by VoIP', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp()]);
    await registerDevice(callee, { deviceId: 'iphone', platform: 'ios', fcmToken: 'fcm-of-the-iphone', voipToken: VOIP.toUpperCase() });

    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).devices).toEqual([
      expect.objectContaining({ deviceId: 'iphone', platform: 'ios', channel: 'apns', ok: true, attempts: 1 }),
    ]);
    const [ring] = await outboxOfKind(sent.invitationId, 'call_invitation');
    expect(ring).toMatchObject({ channel: 'apns', token: VOIP, deviceId: 'iphone' });
    expect(ring?.message.headers).toEqual({
      'apns-push-type': 'voip',
      'apns-topic': 'com.example.beckon.voip',
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(sent.expiresAt / 1000)),
    });
    expect(ring?.message.payload).toMatchObject({ aps: {}, type: 'call_invitation', invitationId: sent.invitationId, callerName: 'Alice' });
    expect(Buffer.byteLength(JSON.stringify(ring?.message.payload))).toBeLessThan(5_120);

    // The call is declined elsewhere: the iPhone learns it by FCM (and from its listener), never by VoIP.
    await respond(callee, sent.invitationId, 'decline');
    expect((await finalDeliveryOf(sent.invitationId, 'call_cancelled')).state).toBe('sent');
    const pushes = await outboxFor(sent.invitationId);
    expect(pushes.filter((p) => p.channel === 'apns').map((p) => p.kind)).toEqual(['call_invitation']);
    expect(pushes.find((p) => p.kind === 'call_cancelled')).toMatchObject({ channel: 'fcm', token: 'fcm-of-the-iphone' });
  });

  it('tells a VoIP-only iPhone of nothing but the ring: its listener ends the call', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'iphone', platform: 'ios', fcmToken: undefined, voipToken: VOIP.replace('a1', 'f0') });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    await cancelCall(caller, sent.invitationId);
    const stop = await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    expect(stop).toMatchObject({ state: 'no_devices' });
    expect(stop.reason).toMatch(/listener/);
    expect((await outboxFor(sent.invitationId)).map((p) => `${p.kind}:${p.channel}`)).toEqual(['call_invitation:apns']);
  });

  it('prunes a VoIP token APNs reports dead, keeps the FCM token, and rings by FCM next time', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, {
      deviceId: 'iphone',
      platform: 'ios',
      fcmToken: 'fcm-still-good',
      voipToken: 'fake-apns-unregistered-1',
    });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).devices).toEqual([
      expect.objectContaining({ channel: 'apns', ok: false, errorCode: 'apns/Unregistered', attempts: 1 }),
    ]);
    // Pruned right after the outcome is recorded.
    await expect
      .poll(async () => (await adminDb().doc(`users/${callee.uid}/devices/iphone`).get()).data()?.voipTokenRemovedReason, {
        timeout: 10_000,
      })
      .toBe('apns/Unregistered');
    const device = (await adminDb().doc(`users/${callee.uid}/devices/iphone`).get()).data();
    expect(device?.voipToken).toBeUndefined();
    expect(device?.voipTokenRemovedReason).toBe('apns/Unregistered');
    expect(device?.fcmToken).toBe('fcm-still-good');

    const next = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(next.invitationId);
    expect((await outboxOfKind(next.invitationId, 'call_invitation')).map((p) => p.channel)).toEqual(['fcm']);
  });

  it('moves a VoIP token to whoever registers it last', async () => {
    const [previousOwner, newOwner] = await Promise.all([signUp(), signUp()]);
    const shared = VOIP.replace('a1', '9e');
    await registerDevice(previousOwner, { deviceId: 'phone', platform: 'ios', voipToken: shared });
    await registerDevice(newOwner, { deviceId: 'phone-again', platform: 'ios', voipToken: shared });
    expect((await adminDb().doc(`users/${previousOwner.uid}/devices/phone`).get()).exists).toBe(false);
    expect((await adminDb().doc(`users/${newOwner.uid}/devices/phone-again`).get()).data()).toMatchObject({
      voipToken: shared,
      ringStyle: 'notification',
    });
  });
});
