import { collection, doc, getDoc, getDocs } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, finalDelivery, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { registerDevice, sendInvitation } from '../support/fixtures.js';
import { SOAK } from '../support/rounds.js';

afterAll(deleteClientApps);

describe('registerDevice', () => {
  it('stores the device under the user, and updates it in place when registered again', async () => {
    const user = await signUp();
    const first = await registerDevice(user, {
      deviceId: 'pixel',
      platform: 'android',
      fcmToken: 'token-a',
      locale: 'zh-CN',
      appVersion: '1.0.0',
    });
    expect(first).toEqual({ deviceId: 'pixel' });
    const stored = (await getDoc(doc(user.db, 'users', user.uid, 'devices', 'pixel'))).data();
    expect(stored).toMatchObject({ platform: 'android', fcmToken: 'token-a', locale: 'zh-CN', appVersion: '1.0.0' });

    await registerDevice(user, { deviceId: 'pixel', platform: 'android', fcmToken: 'token-b' });
    const devices = await getDocs(collection(user.db, 'users', user.uid, 'devices'));
    expect(devices.size).toBe(1);
    const updated = devices.docs[0]?.data();
    expect(updated).toMatchObject({ fcmToken: 'token-b', locale: null, appVersion: null });
    expect(updated?.createdAt.toMillis()).toBe(stored?.createdAt.toMillis());
    expect(updated?.updatedAt.toMillis()).toBeGreaterThanOrEqual(stored?.updatedAt.toMillis());
  });

  it('moves a token to the user who registered it last, so calls never ring the previous account', async () => {
    const [caller, previousOwner, newOwner] = await Promise.all([signUp('Caller'), signUp(), signUp()]);
    const sharedToken = `shared-phone-${previousOwner.uid}`;
    await registerDevice(previousOwner, { deviceId: 'phone', platform: 'ios', fcmToken: sharedToken });
    await registerDevice(newOwner, { deviceId: 'phone-again', platform: 'ios', fcmToken: sharedToken });

    const previousDevices = await adminDb().collection(`users/${previousOwner.uid}/devices`).get();
    expect(previousDevices.size).toBe(0);

    const toPrevious = await sendInvitation(caller, { calleeId: previousOwner.uid });
    expect(await finalDelivery(toPrevious.invitationId)).toMatchObject({ state: 'no_devices', devices: [] });
    expect(await outboxFor(toPrevious.invitationId)).toHaveLength(0);

    const toNew = await sendInvitation(caller, { calleeId: newOwner.uid });
    expect(await finalDelivery(toNew.invitationId)).toMatchObject({ state: 'sent' });
    const pushes = await outboxFor(toNew.invitationId);
    expect(pushes.map((p) => [p.uid, p.token])).toEqual([[newOwner.uid, sharedToken]]);
  });

  it('keeps one device per token for the same user too', async () => {
    const user = await signUp();
    await registerDevice(user, { deviceId: 'old-install', platform: 'android', fcmToken: `t-${user.uid}` });
    await registerDevice(user, { deviceId: 'new-install', platform: 'android', fcmToken: `t-${user.uid}` });
    const devices = await getDocs(collection(user.db, 'users', user.uid, 'devices'));
    expect(devices.docs.map((d) => d.id)).toEqual(['new-install']);
  });
});

describe('registerDevice: tokens of any allowed length, and a cap per account (issue 18, findings 6 and 8)', () => {
  it('takes FCM tokens up to 4,096 characters, and still moves a long one between accounts', async () => {
    const [caller, first, second] = await Promise.all([signUp('Caller'), signUp(), signUp()]);
    // 1,600 characters had answered internal: Firestore refuses an indexed value over 1,500 bytes in the look-up query.
    const long = `${first.uid}-`.padEnd(1_600, 'x');
    const longest = `${first.uid}-`.padEnd(4_096, 'y');
    expect(await registerDevice(first, { deviceId: 'long', platform: 'android', fcmToken: long })).toEqual({ deviceId: 'long' });
    expect(await registerDevice(first, { deviceId: 'longest', platform: 'web', fcmToken: longest })).toEqual({ deviceId: 'longest' });
    await registerDevice(second, { deviceId: 'handed-over', platform: 'android', fcmToken: long });
    expect((await adminDb().collection(`users/${first.uid}/devices`).get()).docs.map((d) => d.id)).toEqual(['longest']);

    const sent = await sendInvitation(caller, { calleeId: second.uid });
    await finalDelivery(sent.invitationId);
    expect((await outboxFor(sent.invitationId)).map((p) => [p.uid, p.token])).toEqual([[second.uid, long]]);
  });

  it('keeps at most MAX_DEVICES_PER_USER (10) devices: one more removes the one registered longest ago', async () => {
    const [caller, user] = await Promise.all([signUp('Caller'), signUp()]);
    // Forty registrations had kept forty devices, and one call had sent 41 pushes (the soak registers 40, npm test 14).
    const registrations = SOAK ? 40 : 14;
    // Zero-padded, so that the ids sort as they were registered.
    const phone = (i: number) => `phone-${String(i).padStart(2, '0')}`;
    for (let i = 0; i < registrations; i++) await registerDevice(user, { deviceId: phone(i), platform: 'android' });
    const kept = (await getDocs(collection(user.db, 'users', user.uid, 'devices'))).docs.map((d) => d.id);
    expect(kept).toEqual(Array.from({ length: 10 }, (_, i) => phone(registrations - 10 + i)));

    // Registering a kept device again is no new device: nothing is removed, and it is now the newest.
    const [oldest, secondOldest] = kept as [string, string];
    await registerDevice(user, { deviceId: oldest, platform: 'android' });
    await registerDevice(user, { deviceId: 'tablet', platform: 'web' });
    const after = (await getDocs(collection(user.db, 'users', user.uid, 'devices'))).docs.map((d) => d.id);
    expect(after).toHaveLength(10);
    expect(after).toContain(oldest);
    expect(after).toContain('tablet');
    expect(after).not.toContain(secondOldest);

    const sent = await sendInvitation(caller, { calleeId: user.uid });
    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery.devices).toHaveLength(10);
    expect(await outboxFor(sent.invitationId)).toHaveLength(10);
  });
});

describe('unregisterDevice', () => {
  it('removes the device, says whether there was one, and stops pushes to it', async () => {
    const [caller, user] = await Promise.all([signUp(), signUp()]);
    await registerDevice(user, { deviceId: 'tablet', platform: 'web' });
    expect(await user.beckon.unregisterDevice('tablet')).toEqual({ removed: true });
    expect(await user.beckon.unregisterDevice('tablet')).toEqual({ removed: false });

    const sent = await sendInvitation(caller, { calleeId: user.uid });
    expect(await finalDelivery(sent.invitationId)).toMatchObject({ state: 'no_devices' });
  });

  it("cannot remove someone else's device", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    await registerDevice(owner, { deviceId: 'mine', platform: 'android' });
    expect(await other.beckon.unregisterDevice('mine')).toEqual({ removed: false });
    expect((await adminDb().doc(`users/${owner.uid}/devices/mine`).get()).exists).toBe(true);
  });
});
