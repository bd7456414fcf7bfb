import { randomUUID } from 'node:crypto';
import type { DocumentData } from 'firebase-admin/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { finalDeliveryStates } from '../../functions/src/contract/index.js';
import type { SendCallInvitationResponse } from '../../functions/src/contract/index.js';
import { adminDb } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { registerDevice, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

// `npm run test:soak`, with a quick retry of failing pushes (PUSH_RETRY_BASE_DELAY_MS=50).
// A burst of 300 invitations while a third of the callees' devices have failing tokens: each
// callee has two good devices and one that is dead, transiently down, or failing once.

const CALLERS = 60;
const CALLEES = 30;
const PER_CALLER = 5;
const IN_FLIGHT = 10;
const FAULTS = ['dead', 'down', 'once'] as const;
type Fault = (typeof FAULTS)[number];
const TOKEN_OF: Record<Fault, () => string> = {
  dead: () => `fake-unregistered-${randomUUID()}`,
  down: () => `fake-unavailable-${randomUUID()}`,
  once: () => `fake-fail-once-${randomUUID()}`,
};

async function inPool<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

async function waitForAllRingRecords(n: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let final = 0;
  while (Date.now() < deadline) {
    const records = await adminDb()
      .collectionGroup('deliveries')
      .where('state', 'in', [...finalDeliveryStates])
      .select()
      .get();
    final = records.docs.filter((record) => record.id === 'call_invitation').length;
    if (final >= n) return final;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return final;
}

describe('load with faults', () => {
  it(
    'persists 300 invitations exactly once and records every push, with a third of the devices failing',
    { timeout: 600_000 },
    async () => {
      const callers = await inPool(
        Array.from({ length: CALLERS }, (_, i) => i),
        (i) => signUp(`Caller ${i}`),
      );
      const callees = await inPool(
        Array.from({ length: CALLEES }, (_, i) => i),
        (i) => signUp(`Callee ${i}`),
      );
      const faultOf = new Map<string, Fault>();
      await inPool(callees, async (callee: AppUser) => {
        const fault = FAULTS[callees.indexOf(callee) % FAULTS.length] as Fault;
        faultOf.set(callee.uid, fault);
        await registerDevice(callee, { deviceId: 'good-1', platform: 'android' });
        await registerDevice(callee, { deviceId: 'good-2', platform: 'web' });
        await registerDevice(callee, { deviceId: 'faulty', platform: 'android', fcmToken: TOKEN_OF[fault]() });
      });

      // Each caller rings 5 different callees; each request is sent twice (a retried tap).
      const requests = callers.flatMap((caller, c) =>
        Array.from({ length: PER_CALLER }, (_, k) => ({
          caller,
          callee: callees[(c * PER_CALLER + k) % CALLEES] as AppUser,
          requestId: randomUUID(),
        })),
      );
      const started = Date.now();
      const sent = await inPool(requests, async (r): Promise<SendCallInvitationResponse> => {
        // The longest ring (this run's MAX_RING_SECONDS allows it), so that every call still rings when the emulator, one trigger at a time, pushes it.
        const request = { calleeId: r.callee.uid, requestId: r.requestId, ringSeconds: 180 };
        const first = await sendInvitation(r.caller, request);
        const again = await sendInvitation(r.caller, request);
        expect(again.invitationId).toBe(first.invitationId);
        return first;
      });
      const recorded = await waitForAllRingRecords(requests.length, 480_000);
      const seconds = Math.round((Date.now() - started) / 100) / 10;

      const db = adminDb();
      const [invitations, outbox, ringRecords] = await Promise.all([
        db.collection('callInvitations').get(),
        db.collection('pushOutbox').where('kind', '==', 'call_invitation').get(),
        db.collectionGroup('deliveries').get(),
      ]);
      const ours = new Set(sent.map((s) => s.invitationId));
      const stored = invitations.docs.filter((d) => ours.has(d.id));
      const perRequest = new Map<string, number>();
      for (const doc of stored) perRequest.set(doc.data().requestId, (perRequest.get(doc.data().requestId) ?? 0) + 1);
      const messages = await Promise.all(sent.map((s) => db.doc(`conversations/${s.conversationId}/messages/${s.systemMessage.id}`).get()));

      // Per invitation and device: the ring's attempts and whether one got through.
      const pushes = new Map<string, DocumentData[]>();
      for (const push of outbox.docs.map((d) => d.data()).filter((p) => ours.has(p.invitationId))) {
        const key = `${push.invitationId}/${push.deviceId}`;
        pushes.set(key, [...(pushes.get(key) ?? []), push]);
      }
      let duplicated = 0;
      let lost = 0;
      let retriedThenSent = 0;
      let gaveUp = 0;
      for (const invitation of sent) {
        const calleeId = stored.find((d) => d.id === invitation.invitationId)?.data().calleeId as string;
        for (const deviceId of ['good-1', 'good-2']) {
          const delivered = (pushes.get(`${invitation.invitationId}/${deviceId}`) ?? []).filter((p) => p.result.ok).length;
          if (delivered === 0) lost++;
          if (delivered > 1) duplicated++;
        }
        const faulty = pushes.get(`${invitation.invitationId}/faulty`) ?? [];
        if (faulty.filter((p) => p.result.ok).length > 1) duplicated++;
        if (faultOf.get(calleeId) === 'once') {
          if (faulty.some((p) => p.result.ok && p.attempt === 2)) retriedThenSent++;
          else lost++;
        }
        if (faultOf.get(calleeId) === 'down' && faulty.length > 0 && faulty.every((p) => !p.result.ok)) gaveUp++;
      }
      const ringRecordsOfOurs = ringRecords.docs.filter((d) => d.id === 'call_invitation' && ours.has(d.ref.parent.parent?.id ?? ''));
      // Dead tokens are pruned right after their ring's outcome is recorded: wait for the last.
      const faultyDevices = () => Promise.all(callees.map((c) => db.doc(`users/${c.uid}/devices/faulty`).get()));
      await expect
        .poll(async () => (await faultyDevices()).filter((d) => d.data()?.fcmToken === undefined).length, { timeout: 10_000 })
        .toBe(CALLEES / FAULTS.length);
      const devices = await faultyDevices();
      const pruned = devices.filter((d) => d.data()?.fcmToken === undefined).length;
      const kept = devices.filter((d) => d.data()?.fcmToken !== undefined).length;
      const goodKept = (
        await Promise.all(callees.map((c) => db.collection(`users/${c.uid}/devices`).where('fcmToken', '!=', null).get()))
      ).reduce((sum, snap) => sum + snap.docs.filter((d) => d.id !== 'faulty').length, 0);

      console.log(
        `[load-with-faults] ${requests.length} invitations (each sent twice) to ${CALLEES} callees with 1 failing device in 3, in ${seconds} s: ` +
          `${perRequest.size} persisted, ${[...perRequest.values()].filter((n) => n > 1).length} duplicated, ${messages.filter((m) => m.exists).length} messages; ` +
          `${ringRecordsOfOurs.length} push records (${recorded} final); good-device pushes lost ${lost}, duplicated ${duplicated}; ` +
          `fail-once retried and sent ${retriedThenSent}, transient gave up after retries ${gaveUp}; dead tokens pruned ${pruned}, faulty tokens kept ${kept}, good tokens kept ${goodKept}`,
      );
      expect(perRequest.size).toBe(requests.length);
      expect([...perRequest.values()].every((n) => n === 1)).toBe(true);
      expect(messages.every((m) => m.exists)).toBe(true);
      expect(
        ringRecordsOfOurs.map((d) => d.data().state).filter((state) => !(finalDeliveryStates as readonly string[]).includes(state)),
      ).toEqual([]);
      expect(ringRecordsOfOurs).toHaveLength(requests.length);
      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
      expect(retriedThenSent).toBe(requests.length / FAULTS.length);
      expect(pruned).toBe(CALLEES / FAULTS.length);
      expect(kept).toBe(CALLEES - CALLEES / FAULTS.length);
      expect(goodKept).toBe(CALLEES * 2);
    },
  );
});
