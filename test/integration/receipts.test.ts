import { collection, doc, getDocs } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, finalDelivery } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, cancelCall, registerDevice, sendInvitation } from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import { SOAK } from '../support/rounds.js';

afterAll(deleteClientApps);

const acknowledge = (
  user: Awaited<ReturnType<typeof signUp>>,
  invitationId: string,
  deviceId: string,
  source?: 'push' | 'voip' | 'listener',
) => user.beckon.acknowledge(invitationId, { deviceId, ...(source ? { source } : {}) });

describe('delivery receipts: calling, then ringing', () => {
  it("turns the caller's screen from Calling to Ringing at the first device that rings, and keeps the devices to the callee", async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { deviceId: 'pixel', platform: 'android' });
    await registerDevice(callee, { deviceId: 'tablet', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const callerScreen = listen(doc(caller.db, 'callInvitations', sent.invitationId));
    const first = await callerScreen.ready;
    expect(first.data()?.receivedAt).toBeUndefined();
    await finalDelivery(sent.invitationId);

    const before = Date.now();
    const answer = await acknowledge(callee, sent.invitationId, 'pixel', 'push');
    expect(answer.status).toBe('ringing');
    // Same machine here, so the server's clock is ours: the app compares expiresAt with serverTime.
    expect(answer.serverTime).toBeGreaterThanOrEqual(before);
    expect(answer.serverTime).toBeLessThan(sent.expiresAt);
    const ringing = await callerScreen.waitFor((s) => s.data()?.receivedAt !== undefined, 'receivedAt on the caller screen');
    expect(ringing.data()?.receivedAt.toMillis()).toBe(answer.receivedAt);
    expect(ringing.data()?.status).toBe('ringing');

    // A second device and a repeat change nothing the caller sees.
    const later = await acknowledge(callee, sent.invitationId, 'tablet', 'listener');
    const repeat = await acknowledge(callee, sent.invitationId, 'pixel', 'push');
    expect(later.receivedAt).toBe(answer.receivedAt);
    expect(repeat.receivedAt).toBe(answer.receivedAt);
    callerScreen.stop();

    const receipts = await getDocs(collection(callee.db, 'callInvitations', sent.invitationId, 'receipts'));
    expect(receipts.docs.map((d) => [d.id, d.data().source]).sort()).toEqual([
      ['pixel', 'push'],
      ['tablet', 'listener'],
    ]);
    expect((await callError(getDocs(collection(caller.db, 'callInvitations', sent.invitationId, 'receipts')))).code).toBe(
      'permission-denied',
    );

    const report = await callee.beckon.diagnose(sent.invitationId);
    const check = report.checks.find((c) => c.id === 'ring_received');
    expect(check?.status).toBe('pass');
    expect(check?.detail).toMatch(
      /^pixel rang [\d.]+ s after the invitation \(push\); tablet rang [\d.]+ s after the invitation \(listener\)\.$/,
    );
  });

  it('lets only the callee acknowledge, from a device they registered, and answers not-found for no such call', async () => {
    const [caller, callee, stranger] = await Promise.all([signUp(), signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'd', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await callError(acknowledge(caller, sent.invitationId, 'd'))).code).toBe('permission-denied');
    expect((await callError(acknowledge(stranger, sent.invitationId, 'd'))).code).toBe('permission-denied');
    expect((await callError(acknowledge(callee, 'no-such-call', 'd'))).code).toBe('not-found');
    const bad = await callError(acknowledge(callee, sent.invitationId, 'a/b'));
    expect(bad.code).toBe('invalid-argument');
    expect(bad.message).toContain('deviceId');
    // Issue 18, finding 8: 50 made-up device ids had given 50 receipts (the soak sends 50, npm test 10).
    // One at a time: each concurrent request costs the Functions emulator a worker of its own.
    const madeUp = [];
    for (let i = 0; i < (SOAK ? 50 : 10); i++) madeUp.push(await callError(acknowledge(callee, sent.invitationId, `made-up-${i}`, 'push')));
    expect(new Set(madeUp.map((refusal) => `${refusal.code} ${JSON.stringify(refusal.details)}`))).toEqual(
      new Set(['not-found {"field":"deviceId"}']),
    );
    const invitation = (await adminDb().doc(`callInvitations/${sent.invitationId}`).get()).data();
    expect(invitation?.receivedAt).toBeUndefined();
    expect((await adminDb().collection(`callInvitations/${sent.invitationId}/receipts`).get()).size).toBe(0);
  });

  it('takes receipts only from the devices the ring was sent to: ids registered after it rang give none (issue 29)', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'phone', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).devices?.map((device: { deviceId: string }) => device.deviceId)).toEqual(['phone']);
    // Registering new device ids in a loop, each unregistered after, had stored a receipt each (40 in the attack).
    const refusals = [];
    for (let i = 0; i < 3; i++) {
      await registerDevice(callee, { deviceId: `new-${i}`, platform: 'android' });
      refusals.push(await callError(acknowledge(callee, sent.invitationId, `new-${i}`, 'push')));
      await callee.beckon.unregisterDevice(`new-${i}`);
    }
    expect(refusals.map((refusal) => refusal.code)).toEqual(Array(3).fill('failed-precondition'));
    expect(refusals[0]?.message).toContain('deviceId: this call did not ring that device');
    await acknowledge(callee, sent.invitationId, 'phone', 'push');
    const receipts = await adminDb().collection(`callInvitations/${sent.invitationId}/receipts`).get();
    expect(receipts.docs.map((receipt) => receipt.id)).toEqual(['phone']);
    await cancelCall(caller, sent.invitationId);
  });

  it('keeps a receipt that comes after the call stopped ringing, without telling the caller it rang', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'late-phone', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await cancelCall(caller, sent.invitationId);
    const answer = await acknowledge(callee, sent.invitationId, 'late-phone', 'push');
    expect(answer).toEqual({ status: 'cancelled', serverTime: expect.any(Number) });
    expect((await adminDb().doc(`callInvitations/${sent.invitationId}`).get()).data()?.receivedAt).toBeUndefined();
    expect((await adminDb().doc(`callInvitations/${sent.invitationId}/receipts/late-phone`).get()).exists).toBe(true);
  });
});
