import type { DocumentData } from 'firebase-admin/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { type BeckonClient, beckonClient } from '../../client/src/index.js';
import { finalDeliveryStates } from '../../functions/src/contract/index.js';
import { paths } from '../../functions/src/adapters/firestore/paths.js';
import { adminDb, deliveryPath, outboxFor, waitForAdminDoc } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { REGION } from '../support/emulators.js';
import { groupConversation, invitationFor } from '../support/fixtures.js';

afterAll(deleteClientApps);

// `npm run test:chaos`, in a boot of its own with every fault point at 20 % at once
// (FAULT_INJECTION, scripts/test-runs.mjs): 300 calls, one-to-one and groups of two callees,
// answered, declined, cancelled and timed out. The guarantee (docs/operating.md#retries-what-happens-when-beckons-own-steps-fail):
// every device rings exactly once (at most twice after push.crash_after_send), every stop follows
// its ring, every call ends, and each requestId makes one call.

const CALLS = Number(process.env.CHAOS_CALLS ?? '300');
// As the load soak: every request in flight costs the Functions emulator a worker process of its own.
const IN_FLIGHT = 10;
const OUTCOMES = ['answered', 'declined', 'cancelled', 'timed_out'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** A user whose client library retries transient answers more than an app would: the faults strike one call in five. */
async function soakUser(name: string): Promise<{ uid: string; beckon: BeckonClient }> {
  const user = await signUp(name);
  const beckon = beckonClient(user.app, { region: REGION, attempts: 12 });
  await beckon.registerDevice({ deviceId: `${name}-phone`, platform: 'android', fcmToken: `token-${user.uid}` });
  return { uid: user.uid, beckon };
}

interface Played {
  outcome: Outcome;
  /** An answer or a cancel that came after the ring had timed out (refused as the call was missed). */
  late: boolean;
  callerId: string;
  callId: string;
  invitationIds: string[];
}

const finalRecord = (record: DocumentData | undefined) => (finalDeliveryStates as readonly string[]).includes(record?.state);

/**
 * Waits until the callee's phone got the ring (FCM accepted a ring push for it) or its record is
 * final, for a minute at most: a ring whose every try failed until the call stopped ringing is
 * lost, and its callee (whose app shows the call from its listener anyway) answers too late.
 */
async function phoneRang(invitationId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const rang = await adminDb()
      .collection(paths.pushOutbox)
      .where('invitationId', '==', invitationId)
      .where('kind', '==', 'call_invitation')
      .get();
    if (rang.docs.some((doc) => doc.data().result.ok)) return;
    if (finalRecord((await adminDb().doc(deliveryPath(invitationId, 'call_invitation')).get()).data())) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One call, played to its outcome as its people would: they answer once their phone rang. */
async function play(index: number): Promise<Played> {
  const outcome = OUTCOMES[index % OUTCOMES.length] as Outcome;
  const group = index % 3 === 0;
  const caller = await soakUser(`caller${index}`);
  const callees = await Promise.all((group ? [1, 2] : [1]).map((n) => soakUser(`callee${index}-${n}`)));
  let callId: string;
  let invitationIds: string[];
  if (group) {
    const members = [caller, ...callees].map(({ uid }) => ({ uid }));
    const conversationId = await groupConversation(members as never);
    const call = await caller.beckon.call(
      callees.map((c) => c.uid),
      { conversationId },
    );
    if (!call.group) throw new Error('expected a group call');
    callId = call.answer.callId;
    // In the callees' order, so that each acts on their own ring.
    invitationIds = callees.map((callee) => invitationFor(call.answer, callee));
  } else {
    const call = await caller.beckon.call(callees[0]?.uid as string);
    if (call.group) throw new Error('expected a one-to-one call');
    callId = call.answer.callId;
    invitationIds = [call.answer.invitationId];
  }
  let late = false;
  // A phone that rang late (its ring retried after faults) may be answered after the ring's time:
  // refused as missed, as it would be for anyone who answers too late.
  const inTime = (action: Promise<unknown>) =>
    action.catch((error: { code?: string }) => {
      if (error.code !== 'failed-precondition') throw error;
      late = true;
    });
  if (outcome === 'cancelled') {
    await inTime(caller.beckon.cancelCall(callId));
  } else if (outcome !== 'timed_out') {
    // The callees answer once their phones rang (or the ring's record says none will).
    await Promise.all(invitationIds.map((id) => phoneRang(id)));
    await Promise.all(
      callees.map((callee, i) => {
        const action = outcome === 'answered' && i === 0 ? 'accept' : 'decline';
        return inTime(callee.beckon.respond(invitationIds[i] as string, action));
      }),
    );
    if (outcome === 'answered') await inTime(caller.beckon.endCall(callId));
  }
  await waitForAdminDoc(
    `${paths.calls}/${callId}`,
    (call) => call !== undefined && call.status !== 'ringing' && call.status !== 'active',
    `call ${callId} to end`,
    120_000,
  );
  return { outcome, late, callerId: caller.uid, callId, invitationIds };
}

async function inPool<R>(count: number, work: (index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

describe('the chaos soak: every fault point at once', () => {
  const title = `${CALLS} calls: none rung twice but after a crash after send, every stop after its ring, every call ended, one call a request`;
  it(title, { timeout: 3_600_000 }, async () => {
    const started = Date.now();
    const played = await inPool(CALLS, play);
    const db = adminDb();
    const problems: string[] = [];

    // Every push of every invitation recorded final (the stops and missed-call notices too).
    // Retried with a doubling wait (up to a minute): a push whose tries kept failing takes minutes.
    const invitationIds = played.flatMap((p) => p.invitationIds);
    const recordsBy = Date.now() + 300_000;
    for (const id of invitationIds) {
      const kinds = (await db.collection(`${paths.callInvitations}/${id}/${paths.deliveries}`).listDocuments()).map((ref) => ref.id);
      for (const kind of kinds) {
        const waitMs = Math.max(1, recordsBy - Date.now());
        await waitForAdminDoc(deliveryPath(id, kind), finalRecord, `the ${kind} push of ${id}`, waitMs).catch((error: unknown) =>
          problems.push(String(error)),
        );
      }
    }

    const faults = (await db.collection(paths.emulatorFaults).get()).docs.map((doc) => doc.data());
    const faultsOf = new Map<string, DocumentData[]>();
    for (const fault of faults) {
      if (typeof fault.invitationId === 'string') faultsOf.set(fault.invitationId, [...(faultsOf.get(fault.invitationId) ?? []), fault]);
    }

    const lostRings: string[] = [];
    let twice = 0;
    let takeovers = 0;
    const faultToRingMs: number[] = [];
    for (const { outcome, invitationIds: ids } of played) {
      for (const id of ids) {
        const ring = (await db.doc(deliveryPath(id, 'call_invitation')).get()).data();
        takeovers += ring?.takeovers ?? 0;
        const outbox = await outboxFor(id);
        const rings = outbox.filter((push) => push.kind === 'call_invitation' && push.result.ok);
        const stops = outbox.filter((push) => push.kind === 'call_cancelled');
        // Each worker that died after FCM accepted the ring and before recording it leaves a ring the
        // next one must send again: one ring, plus one per such crash.
        const crashesAfterSend = (faultsOf.get(id) ?? []).filter(
          (f) => f.point === 'push.crash_after_send' && f.kind === 'call_invitation',
        ).length;
        // Answered, declined and timed-out calls rang for as long as they could: their ring should have gone.
        if (outcome !== 'cancelled' && rings.length === 0) {
          const points = (faultsOf.get(id) ?? []).map((fault) => fault.point).join(' ');
          lostRings.push(`${id} (${outcome}): record ${ring?.state}; faults met: ${points}`);
        }
        if (rings.length > 1 + crashesAfterSend)
          problems.push(`${id}: ${rings.length} rings after ${crashesAfterSend} crash(es) after send`);
        if (rings.length === 2) twice++;
        const lastRing = Math.max(0, ...rings.map((push) => push.createdAt.toMillis()));
        for (const stop of stops) {
          if (stop.sentAt.toMillis() < lastRing) problems.push(`${id}: a stop-ringing push left before its ring`);
        }
        const firstFault = Math.min(...(faultsOf.get(id) ?? []).map((fault) => fault.at.toMillis()));
        const firstRing = Math.min(...rings.map((push) => push.createdAt.toMillis()));
        if (Number.isFinite(firstFault) && Number.isFinite(firstRing) && firstFault <= firstRing)
          faultToRingMs.push(firstRing - firstFault);
      }
    }

    // Every call ended, and no activeCalls entry names a call that is over.
    const callIds = new Set(played.map((p) => p.callId));
    const entries = (await db.collection(paths.activeCalls).get()).docs.filter((doc) => callIds.has(doc.data().callId));
    for (const entry of entries) problems.push(`activeCalls/${entry.id} still names ${entry.data().callId}`);
    // Each requestId made one call: each caller placed exactly one.
    for (const { callerId } of played) {
      const calls = await db.collection(paths.calls).where('callerId', '==', callerId).get();
      if (calls.size !== 1) problems.push(`caller ${callerId} has ${calls.size} calls`);
    }

    const sorted = faultToRingMs.sort((a, b) => a - b);
    const byPoint = Object.entries(
      faults.reduce<Record<string, number>>((counts, fault) => ({ ...counts, [fault.point]: (counts[fault.point] ?? 0) + 1 }), {}),
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      [
        `[chaos] ${CALLS} calls (${invitationIds.length} rings) in ${seconds} s`,
        `faults injected: ${byPoint.map(([point, n]) => `${point} ${n}`).join(', ')}`,
        `rings sent again by a takeover: ${takeovers}`,
        `devices rung twice: ${twice}`,
        `fault to ring (${sorted.length} rings): p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted.at(-1) ?? 0} ms`,
        `rings lost: ${lostRings.length}`,
        `answers after the ring's time: ${played.filter((p) => p.late).length}`,
      ].join('; '),
    );
    // A lost ring is reported, not failed: with every point at 20 % a ring's tries each fail about
    // half the time, and a few in hundreds meet failure after failure until the call stopped
    // ringing (the goal is 0; docs/operating.md says what a ring survives).
    if (lostRings.length > 0) console.log(`[chaos] rings lost:\n  ${lostRings.join('\n  ')}`);
    expect(problems).toEqual([]);
  });
});
