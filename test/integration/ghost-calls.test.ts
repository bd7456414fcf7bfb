import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentData } from 'firebase-admin/firestore';
import { adminDb, deliveryPath, finalDelivery, finalDeliveryOf, outboxFor, waitForAdminDoc } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { cancelCall, registerDevice, sendInvitation } from '../support/fixtures.js';
import { RACE_ROUNDS } from '../support/rounds.js';

afterAll(deleteClientApps);

const ROUNDS = RACE_ROUNDS;
// The Functions emulator runs one trigger of a function at a time, so more calls at once only queue.
const BATCH = 5;
const MAX_TRIES = ROUNDS * 2;

/** One call cancelled while its ring push is being sent (a fake-slow token makes that take 2 s). */
async function cancelWhileRingInFlight(callee: AppUser): Promise<string> {
  // A caller of its own each round: one caller may ring one callee only 10 times a minute.
  const caller = await signUp('Carol');
  const sent = await sendInvitation(caller, { calleeId: callee.uid, requestId: randomUUID() });
  await waitForAdminDoc(
    deliveryPath(sent.invitationId, 'call_invitation'),
    (record) => record !== undefined,
    'the ring push to start',
    60_000,
  );
  await cancelCall(caller, sent.invitationId);
  await finalDeliveryOf(sent.invitationId, 'call_cancelled', 60_000);
  return sent.invitationId;
}

interface Round {
  /** The cancel committed before the ring push to the slow device was answered. */
  cancelledInFlight: boolean;
  devices: { deviceId: string; ringAnsweredAt?: number; stopSentAt?: number }[];
}

/** Per device: when its ring push was answered, and when its stop-ringing push began to be sent. */
async function round(invitationId: string): Promise<Round> {
  const invitation = (await adminDb().doc(`callInvitations/${invitationId}`).get()).data();
  const byDevice = new Map<string, Round['devices'][number]>();
  for (const push of await outboxFor(invitationId)) {
    const entry: Round['devices'][number] = byDevice.get(push.deviceId) ?? { deviceId: String(push.deviceId) };
    if (push.kind === 'call_invitation') entry.ringAnsweredAt = Math.max(entry.ringAnsweredAt ?? 0, push.createdAt.toMillis());
    if (push.kind === 'call_cancelled') entry.stopSentAt = push.sentAt.toMillis();
    byDevice.set(push.deviceId, entry);
  }
  const slowRing = byDevice.get('slow-phone')?.ringAnsweredAt ?? 0;
  return { cancelledInFlight: invitation?.respondedAt.toMillis() < slowRing, devices: [...byDevice.values()] };
}

describe('no ghost calls', () => {
  it(
    `never sends a device "stop ringing" before its ring, over ${ROUNDS} cancels during a slow ring push`,
    { timeout: 300_000 },
    async () => {
      const callee = await signUp('Bob');
      await registerDevice(callee, { deviceId: 'slow-phone', platform: 'android', fcmToken: `fake-slow-${randomUUID()}` });
      await registerDevice(callee, { deviceId: 'other-phone', platform: 'android' });

      // Rounds whose cancel came too late to overtake anything prove nothing: play until ROUNDS did.
      const rounds: Round[] = [];
      while (rounds.filter((r) => r.cancelledInFlight).length < ROUNDS && rounds.length < MAX_TRIES) {
        const ids = await Promise.all(Array.from({ length: BATCH }, () => cancelWhileRingInFlight(callee)));
        rounds.push(...(await Promise.all(ids.map(round))));
      }

      const devices = rounds.flatMap((r) => r.devices);
      // A ring worker that read the invitation after the cancel committed sends no ring at all:
      // that device never rang, so no stop-ringing push can come too early for it.
      const neverRang = devices.filter((d) => d.ringAnsweredAt === undefined);
      const inOrder = devices.filter(
        (d) => d.ringAnsweredAt !== undefined && d.stopSentAt !== undefined && d.stopSentAt >= d.ringAnsweredAt,
      );
      const inFlight = rounds.filter((r) => r.cancelledInFlight).length;
      console.log(
        `[ghost-calls] ${rounds.length} rounds, ${inFlight} cancelled while the ring push was in flight; ` +
          `${inOrder.length}/${devices.length - neverRang.length} devices that rang got "stop ringing" only after their ring was answered ` +
          `(${neverRang.length} never rang: the cancel was read first)`,
      );
      expect(inFlight).toBeGreaterThanOrEqual(ROUNDS);
      expect(devices).toHaveLength(rounds.length * 2);
      expect(devices.every((d) => d.stopSentAt !== undefined)).toBe(true);
      expect(inOrder).toHaveLength(devices.length - neverRang.length);
    },
  );
});

describe('retries of transient push errors', () => {
  it('tries a device again after a transient error, and the delivery record shows it', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'flaky-android', platform: 'android', fcmToken: `fake-fail-once-${randomUUID()}` });
    await registerDevice(callee, { deviceId: 'flaky-iphone', platform: 'ios', voipToken: `fake-apns-fail-once-${randomUUID()}` });
    await registerDevice(callee, { deviceId: 'steady', platform: 'web' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });

    const delivery = await finalDelivery(sent.invitationId, 30_000);
    expect(delivery).toMatchObject({ state: 'sent', attempts: 2 });
    const byDevice = Object.fromEntries(delivery.devices.map((d: DocumentData) => [d.deviceId, d]));
    expect(byDevice['flaky-android']).toMatchObject({ ok: true, attempts: 2, previousErrors: ['messaging/server-unavailable'] });
    expect(byDevice['flaky-iphone']).toMatchObject({ ok: true, channel: 'apns', attempts: 2, previousErrors: ['apns/ServiceUnavailable'] });
    expect(byDevice['steady']).toMatchObject({ ok: true, attempts: 1 });
    expect(byDevice['steady'].previousErrors).toBeUndefined();

    const rings = (await outboxFor(sent.invitationId)).filter((p) => p.kind === 'call_invitation');
    const attempts = rings.map((p) => `${p.deviceId}#${p.attempt}:${p.result.ok ? 'ok' : p.result.errorCode}`).sort();
    expect(attempts).toEqual([
      'flaky-android#1:messaging/server-unavailable',
      'flaky-android#2:ok',
      'flaky-iphone#1:apns/ServiceUnavailable',
      'flaky-iphone#2:ok',
      'steady#1:ok',
    ]);
    // The retry is built again: its ttl counts from the retry, so it cannot outlive the call.
    const androidRetry = rings.find((p) => p.deviceId === 'flaky-android' && p.attempt === 2);
    const androidFirst = rings.find((p) => p.deviceId === 'flaky-android' && p.attempt === 1);
    expect(androidRetry?.message.android.ttl).toBeLessThan(androidFirst?.message.android.ttl);
    expect(androidRetry?.message.android.ttl).toBeLessThan(sent.expiresAt - androidFirst?.createdAt.toMillis());
    const firstTry = Math.min(...rings.filter((p) => p.attempt === 1).map((p) => p.createdAt.toMillis()));
    const retry = Math.min(...rings.filter((p) => p.attempt === 2).map((p) => p.sentAt.toMillis()));
    expect(retry - firstTry).toBeGreaterThanOrEqual(500);
  });

  it('gives up after a bounded number of attempts, and does not retry a permanent error', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'down', platform: 'android', fcmToken: `fake-unavailable-${randomUUID()}` });
    await registerDevice(callee, { deviceId: 'gone', platform: 'android', fcmToken: `fake-unregistered-${randomUUID()}` });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const delivery = await finalDelivery(sent.invitationId, 30_000);
    expect(delivery.state).toBe('failed');
    const byDevice = Object.fromEntries(delivery.devices.map((d: DocumentData) => [d.deviceId, d]));
    expect(byDevice['down']).toMatchObject({ ok: false, errorCode: 'messaging/server-unavailable', attempts: 4 });
    expect(byDevice['gone']).toMatchObject({ ok: false, errorCode: 'messaging/registration-token-not-registered' });
    expect(byDevice['gone'].attempts).toBe(1);
    const rings = (await outboxFor(sent.invitationId)).filter((p) => p.kind === 'call_invitation');
    expect(rings.filter((p) => p.deviceId === 'down')).toHaveLength(4);
    expect(rings.filter((p) => p.deviceId === 'gone')).toHaveLength(1);
  });

  it('stops retrying once the call stopped ringing, and the stop push is not held back by the wait', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'down', platform: 'android', fcmToken: `fake-unavailable-${randomUUID()}` });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await waitForAdminDoc(
      deliveryPath(sent.invitationId, 'call_invitation'),
      (record) => record?.state === 'retrying',
      'the first retry to be scheduled',
    );
    await cancelCall(caller, sent.invitationId);
    const stop = await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    const ring = await finalDelivery(sent.invitationId);
    expect(ring.state).toBe('failed');
    expect(ring.attempts).toBeLessThan(4);
    const pushes = await outboxFor(sent.invitationId);
    const stopSentAt = pushes.find((p) => p.kind === 'call_cancelled')?.sentAt.toMillis();
    expect(stop.state).toBe('failed');
    // No ring attempt began after the stop-ringing push did.
    for (const push of pushes.filter((p) => p.kind === 'call_invitation')) expect(push.sentAt.toMillis()).toBeLessThanOrEqual(stopSentAt);
    const invitation = (await adminDb().doc(`callInvitations/${sent.invitationId}`).get()).data();
    expect(invitation?.status).toBe('cancelled');
  });
});
