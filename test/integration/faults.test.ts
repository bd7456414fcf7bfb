import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adminDb, finalDelivery, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { eventsAwaitingRetry, faultsStruck, injectFaults, stopFaults } from '../support/faults.js';
import { registerDevice, respond, sendInvitation } from '../support/fixtures.js';

// Beckon against its own faults (FAULT_INJECTION; `npm test` arms it at rate 0 and each test sets
// its point here). Every ring must reach every device of the callee exactly once while the call
// rings (twice at most after push.crash_after_send), and every stop must follow its ring.

afterEach(stopFaults);
afterAll(deleteClientApps);

/** A callee with two devices, and a call to them. */
async function ringTwoDevices() {
  const [caller, callee] = await Promise.all([signUp(), signUp()]);
  await registerDevice(callee, { deviceId: 'phone', platform: 'android' });
  await registerDevice(callee, { deviceId: 'tablet', platform: 'web' });
  return { caller, callee };
}

/** The ring pushes each device got that FCM accepted, by device. */
async function ringsByDevice(invitationId: string): Promise<Record<string, number>> {
  const rings = (await outboxOfKind(invitationId, 'call_invitation')).filter((push) => push.result.ok);
  return rings.reduce<Record<string, number>>((counts, push) => ({ ...counts, [push.deviceId]: (counts[push.deviceId] ?? 0) + 1 }), {});
}

/** Accepts, and checks that the stop-ringing push left after every ring. */
async function acceptAndCheckStopFollowsRing(callee: Awaited<ReturnType<typeof signUp>>, invitationId: string) {
  await respond(callee, invitationId, 'accept', 'phone');
  await finalDeliveryOf(invitationId, 'call_cancelled', 30_000);
  const rings = await outboxOfKind(invitationId, 'call_invitation');
  const stops = await outboxOfKind(invitationId, 'call_cancelled');
  expect(stops.map((push) => push.deviceId).sort()).toEqual(['phone', 'tablet']);
  const lastRing = Math.max(...rings.map((push) => push.createdAt.toMillis()));
  for (const stop of stops) expect(stop.sentAt.toMillis()).toBeGreaterThanOrEqual(lastRing);
}

describe('every ring survives Beckon’s own faults', () => {
  it('trigger.crash_before: the failed events are delivered again, and the ring goes once', async () => {
    const { caller, callee } = await ringTwoDevices();
    await injectFaults({ 'trigger.crash_before': 1 }, { 'trigger.crash_before': 2 });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId, 20_000);
    expect(delivery.state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    // The creation triggers (the ring, the expiry's scheduling) failed twice in all, and were delivered again.
    const struck = await faultsStruck('trigger.crash_before', (fault) => fault.invitationId === sent.invitationId);
    expect(struck).toHaveLength(2);
    for (const fault of struck) expect(['deliverInvitationPush', 'scheduleInvitationExpiry']).toContain(fault.trigger);
    await expect.poll(async () => (await eventsAwaitingRetry()).length, { timeout: 15_000 }).toBe(0);
    await acceptAndCheckStopFollowsRing(callee, sent.invitationId);
  });

  it('push.crash_after_claim and push.crash_after_send: a retry takes over the dead worker’s lease', async () => {
    // Two calls at once, each meeting one fault: the lease (12 s) is waited out once for both.
    const [claimCall, sendCall] = await Promise.all([ringTwoDevices(), ringTwoDevices()]);
    await injectFaults(
      { 'push.crash_after_claim': 1, 'push.crash_after_send': 1 },
      { 'push.crash_after_claim': 1, 'push.crash_after_send': 1 },
      { 'push.crash_after_claim': [claimCall.callee.uid], 'push.crash_after_send': [sendCall.callee.uid] },
    );
    const [claimSent, sendSent] = await Promise.all([
      sendInvitation(claimCall.caller, { calleeId: claimCall.callee.uid }),
      sendInvitation(sendCall.caller, { calleeId: sendCall.callee.uid }),
    ]);
    const [afterClaim, afterSend] = await Promise.all([
      finalDelivery(claimSent.invitationId, 25_000),
      finalDelivery(sendSent.invitationId, 25_000),
    ]);
    expect(afterClaim).toMatchObject({ state: 'sent', takeovers: 1 });
    expect(afterSend).toMatchObject({ state: 'sent', takeovers: 1 });
    // Died before sending: each device rang once, when the retry took over.
    expect(await ringsByDevice(claimSent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    expect(await faultsStruck('push.crash_after_claim', (fault) => fault.invitationId === claimSent.invitationId)).toHaveLength(1);
    // Died after sending, before recording: nobody could know the devices got it; each got it twice, the same invitationId.
    expect(await ringsByDevice(sendSent.invitationId)).toEqual({ phone: 2, tablet: 2 });
    await Promise.all([
      acceptAndCheckStopFollowsRing(claimCall.callee, claimSent.invitationId),
      acceptAndCheckStopFollowsRing(sendCall.callee, sendSent.invitationId),
    ]);
  });

  it('trigger.duplicate: each event handled twice at once rings once and stops once', async () => {
    const { caller, callee } = await ringTwoDevices();
    await injectFaults({ 'trigger.duplicate': 1 });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    await acceptAndCheckStopFollowsRing(callee, sent.invitationId);
    expect(await outboxOfKind(sent.invitationId, 'call_cancelled')).toHaveLength(2);
  });

  it('callable.commit_lost: the client library retries with the same requestId and makes one call', async () => {
    const { caller, callee } = await ringTwoDevices();
    await injectFaults({ 'callable.commit_lost': 1 }, { 'callable.commit_lost': 1 });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect(await faultsStruck('callable.commit_lost', (fault) => fault.uid === caller.uid)).toHaveLength(1);
    const invitations = await adminDb().collection('callInvitations').where('callerId', '==', caller.uid).get();
    expect(invitations.docs.map((doc) => doc.id)).toEqual([sent.invitationId]);
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
  });

  it('firestore.unavailable: callables answer retryably, triggers are retried, and nothing is lost', async () => {
    const { caller, callee } = await ringTwoDevices();
    await injectFaults({ 'firestore.unavailable': 1 }, { 'firestore.unavailable': 2 });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId, 20_000)).state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    const invitations = await adminDb().collection('callInvitations').where('callerId', '==', caller.uid).get();
    expect(invitations.size).toBe(1);
    await expect.poll(async () => (await faultsStruck('firestore.unavailable', () => true)).length, { timeout: 10_000 }).toBe(2);
    await acceptAndCheckStopFollowsRing(callee, sent.invitationId);
  });
});
