import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, registerDevice, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

// Every callable acts as the signed-in user (request.auth.uid) whatever uid a payload carries:
// extra fields naming someone else are ignored, and someone else's call is refused.

const SOMEONE_ELSE = (uid: string) => ({ uid, callerId: uid, calleeId: uid, userId: uid, ownerId: uid });

describe('callables act only as the signed-in user', () => {
  it('sendCallInvitation places the call as the signed-in caller, never as a uid in the payload', async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const sent = await alice.call<{ invitationId: string }>('sendCallInvitation', { ...SOMEONE_ELSE(mallory.uid), calleeId: bob.uid });
    const invitation = (await adminDb().doc(`callInvitations/${sent.invitationId}`).get()).data();
    expect(invitation).toMatchObject({ callerId: alice.uid, calleeId: bob.uid });
  });

  it("registerDevice and unregisterDevice touch the signed-in user's devices only", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    await registerDevice(bob, { deviceId: 'shared-id', platform: 'android', fcmToken: `bob-${bob.uid}` });
    await alice.call('registerDevice', {
      ...SOMEONE_ELSE(bob.uid),
      deviceId: 'alice-phone',
      platform: 'ios',
      fcmToken: `alice-${alice.uid}`,
    });
    expect((await adminDb().doc(`users/${alice.uid}/devices/alice-phone`).get()).exists).toBe(true);
    expect((await adminDb().doc(`users/${bob.uid}/devices/alice-phone`).get()).exists).toBe(false);

    expect(await alice.call('unregisterDevice', { ...SOMEONE_ELSE(bob.uid), deviceId: 'shared-id' })).toEqual({ removed: false });
    expect((await adminDb().doc(`users/${bob.uid}/devices/shared-id`).get()).exists).toBe(true);
  });

  it('the call lifecycle, receipts and diagnosis refuse someone who names a party in the payload', async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const asParty = { invitationId: sent.invitationId, ...SOMEONE_ELSE(bob.uid) };
    const attempts: [string, unknown][] = [
      ['respondToCallInvitation', { ...asParty, action: 'accept' }],
      ['cancelCallInvitation', { ...asParty, ...SOMEONE_ELSE(alice.uid) }],
      ['endCall', asParty],
      ['acknowledgeCallInvitation', { ...asParty, deviceId: 'mallory-phone' }],
      ['diagnoseCallInvitation', asParty],
    ];
    for (const [name, data] of attempts) {
      expect((await callError(mallory.call(name, data))).code, name).toBe('permission-denied');
    }
    const invitation = (await adminDb().doc(`callInvitations/${sent.invitationId}`).get()).data();
    expect(invitation?.status).toBe('ringing');
    expect(invitation?.receivedAt).toBeUndefined();
  });

  it("sendTestPush pushes to the signed-in user's own devices only", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    await registerDevice(bob, { deviceId: 'bob-phone', platform: 'android' });
    expect((await callError(alice.call('sendTestPush', SOMEONE_ELSE(bob.uid)))).code).toBe('not-found');
    expect(await outboxFor('test-push').then((pushes) => pushes.filter((p) => p.uid === bob.uid))).toHaveLength(0);
  });

  it("blockUser and unblockUser change the signed-in user's own list", async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    await alice.call('blockUser', { uid: mallory.uid, blockerId: bob.uid, ownerId: bob.uid });
    expect((await adminDb().doc(`users/${alice.uid}/blocked/${mallory.uid}`).get()).exists).toBe(true);
    expect((await adminDb().doc(`users/${bob.uid}/blocked/${mallory.uid}`).get()).exists).toBe(false);
    await bob.call('blockUser', { uid: mallory.uid });
    expect(await alice.call('unblockUser', { uid: mallory.uid, ownerId: bob.uid })).toEqual({ unblocked: true });
    expect((await adminDb().doc(`users/${bob.uid}/blocked/${mallory.uid}`).get()).exists).toBe(true);
  });
});
