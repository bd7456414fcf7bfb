import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timestamp } from 'firebase-admin/firestore';
import type { SendCallInvitationResponse } from '../../functions/src/contract/index.js';
import { DELIVERY_LEASE_MS } from '../../functions/src/domain/push/delivery.js';
import { adminDb, finalDelivery, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { eventsAwaitingRetry, faultsStruck, injectFaults, stopFaults } from '../support/faults.js';
import { registerDevice, respond, sendInvitation } from '../support/fixtures.js';

// Beckon against its own faults (FAULT_INJECTION; `npm test` arms it at rate 0 and these tests set
// the points). Every ring must reach every device of the callee exactly once while the call rings
// (twice at most after push.crash_after_send), and every stop must follow its ring. Each point
// that names a user strikes only its own test's callee or caller (`only`), so one control serves
// them all. They run one after another: the Functions emulator starts a worker process for each
// request in flight, and calls placed at once wait seconds for those to start.

afterAll(async () => {
  await stopFaults();
  await deleteClientApps();
});

/** A caller, and a callee with two devices. */
async function ringTwoDevices(): Promise<{ caller: AppUser; callee: AppUser }> {
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
async function acceptAndCheckStopFollowsRing(callee: AppUser, invitationId: string) {
  await respond(callee, invitationId, 'accept', 'phone');
  await finalDeliveryOf(invitationId, 'call_cancelled', 30_000);
  const rings = await outboxOfKind(invitationId, 'call_invitation');
  const stops = await outboxOfKind(invitationId, 'call_cancelled');
  expect(stops.map((push) => push.deviceId).sort()).toEqual(['phone', 'tablet']);
  const lastRing = Math.max(...rings.map((push) => push.createdAt.toMillis()));
  for (const stop of stops) expect(stop.sentAt.toMillis()).toBeGreaterThanOrEqual(lastRing);
}

describe('every ring survives Beckon’s own faults', () => {
  const scenario: Record<'crashBefore' | 'afterClaim' | 'afterSend' | 'duplicate' | 'commitLost', { caller: AppUser; callee: AppUser }> =
    {} as never;
  const leased: { claimSent: SendCallInvitationResponse; sendSent: SendCallInvitationResponse } = {} as never;

  beforeAll(async () => {
    for (const name of ['crashBefore', 'afterClaim', 'afterSend', 'duplicate', 'commitLost'] as const)
      scenario[name] = await ringTwoDevices();
    const { crashBefore, afterClaim, afterSend, duplicate, commitLost } = scenario;
    await injectFaults(
      {
        'trigger.crash_before': 1,
        'push.crash_after_claim': 1,
        'push.crash_after_send': 1,
        'trigger.duplicate': 1,
        'callable.commit_lost': 1,
      },
      { 'trigger.crash_before': 2, 'push.crash_after_claim': 1, 'push.crash_after_send': 1, 'callable.commit_lost': 1 },
      {
        'trigger.crash_before': [crashBefore.callee.uid],
        'push.crash_after_claim': [afterClaim.callee.uid],
        'push.crash_after_send': [afterSend.callee.uid],
        'trigger.duplicate': [duplicate.callee.uid],
        'callable.commit_lost': [commitLost.caller.uid],
      },
    );
    // The two calls whose push worker dies are placed first, and the last test checks them. The
    // injected crash throws, so the worker releases its lease and the redelivered event takes over
    // at once (a worker that died outright would leave it to run out: 12 s).
    const [claimSent, sendSent] = await Promise.all([
      sendInvitation(afterClaim.caller, { calleeId: afterClaim.callee.uid }),
      sendInvitation(afterSend.caller, { calleeId: afterSend.callee.uid }),
    ]);
    Object.assign(leased, { claimSent, sendSent });
  });

  it('trigger.crash_before: the failed events are delivered again, and the ring goes once', async () => {
    const { caller, callee } = scenario.crashBefore;
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId, 20_000);
    expect(delivery.state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    // The creation triggers (the ring, the expiry's scheduling) failed twice in all, and were delivered again.
    const struck = await faultsStruck('trigger.crash_before', (fault) => fault.invitationId === sent.invitationId);
    expect(struck).toHaveLength(2);
    for (const fault of struck) expect(['deliverInvitationPush', 'scheduleInvitationExpiry']).toContain(fault.trigger);
    await expect
      .poll(async () => (await eventsAwaitingRetry()).filter((event) => event.payload.invitationId === sent.invitationId), {
        timeout: 15_000,
      })
      .toEqual([]);
    await acceptAndCheckStopFollowsRing(callee, sent.invitationId);
  });

  it('trigger.duplicate: each event handled twice at once rings once and stops once', async () => {
    const { caller, callee } = scenario.duplicate;
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    await acceptAndCheckStopFollowsRing(callee, sent.invitationId);
    expect(await outboxOfKind(sent.invitationId, 'call_cancelled')).toHaveLength(2);
    const duplicated = await faultsStruck('trigger.duplicate', (fault) => fault.invitationId === sent.invitationId);
    expect(new Set(duplicated.map((fault) => fault.trigger))).toEqual(
      new Set(['deliverInvitationPush', 'scheduleInvitationExpiry', 'deliverCallStatusPush']),
    );
  });

  it('callable.commit_lost: the client library retries with the same requestId and makes one call', async () => {
    const { caller, callee } = scenario.commitLost;
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect(await faultsStruck('callable.commit_lost', (fault) => fault.uid === caller.uid)).toHaveLength(1);
    const invitations = await adminDb().collection('callInvitations').where('callerId', '==', caller.uid).get();
    expect(invitations.docs.map((doc) => doc.id)).toEqual([sent.invitationId]);
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    expect(await ringsByDevice(sent.invitationId)).toEqual({ phone: 1, tablet: 1 });
  });

  it('push.crash_after_claim and push.crash_after_send: a retry takes over the dead worker’s lease', async () => {
    const { claimSent, sendSent } = leased;
    const [afterClaim, afterSend] = await Promise.all([
      finalDelivery(claimSent.invitationId, 25_000),
      finalDelivery(sendSent.invitationId, 25_000),
    ]);
    expect(afterClaim).toMatchObject({ state: 'sent', takeovers: 1 });
    expect(afterSend).toMatchObject({ state: 'sent', takeovers: 1 });
    // Died before sending: each device rang once, when the retry took over.
    expect(await ringsByDevice(claimSent.invitationId)).toEqual({ phone: 1, tablet: 1 });
    const crashes = await faultsStruck('push.crash_after_claim', (fault) => fault.invitationId === claimSent.invitationId);
    expect(crashes).toHaveLength(1);
    // The worker released its lease as it threw: the redelivered event (2 s later) did not wait it out.
    const rings = await outboxOfKind(claimSent.invitationId, 'call_invitation');
    const crashedAt = (crashes[0]?.at as Timestamp).toMillis();
    expect(Math.min(...rings.map((push) => push.createdAt.toMillis())) - crashedAt).toBeLessThan(DELIVERY_LEASE_MS);
    // Died after sending, before recording: nobody could know the devices got it; each got it twice, the same invitationId.
    expect(await ringsByDevice(sendSent.invitationId)).toEqual({ phone: 2, tablet: 2 });
    await Promise.all([
      acceptAndCheckStopFollowsRing(scenario.afterClaim.callee, claimSent.invitationId),
      acceptAndCheckStopFollowsRing(scenario.afterSend.callee, sendSent.invitationId),
    ]);
  });
});

describe('every ring survives Firestore failing inside Beckon', () => {
  it('firestore.unavailable: callables answer retryably, triggers are retried, and nothing is lost', async () => {
    // A Firestore call names no user, so this point strikes whatever runs: it plays alone.
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
