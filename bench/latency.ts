import { randomUUID } from 'node:crypto';
import { type Query, addDoc, collection, limitToLast, onSnapshot, orderBy, query, serverTimestamp, where } from 'firebase/firestore';
import type { Query as AdminQuery, QueryDocumentSnapshot as AdminQueryDocumentSnapshot } from 'firebase-admin/firestore';
import { type SendCallInvitationResponse, finalDeliveryStates } from '../functions/src/contract/index.js';
import { adminDb } from '../test/support/admin.js';
import { type AppUser, signUp } from '../test/support/client.js';
import { cancelCall, registerDevice, sendInvitation } from '../test/support/fixtures.js';
import { type Distribution, distribution } from './stats.js';
import { type StepTimes, type TimedRound, measurePushSteps } from './push-steps.js';

export interface LatencyResults {
  ring: Distribution;
  floor: Distribution;
  push: Distribution;
  delivery: Distribution;
  /** The best a callable can do: one admin write, seen by another client's listener. */
  bareCallable: Distribution;
  /** The best a callable then a trigger can do: two admin writes, the second seen by a listener. */
  bareChain: Distribution;
  /** This design's own round trips for the ring: one round of parallel reads, then one batch. */
  checkedCallable: Distribution;
  /** This design's own round trips for the push: a callable write, its trigger's lease by create(), then a write. */
  leasedChain: Distribution;
  /** The push and the leased chain cut into their steps (bench/push-steps.ts). */
  steps: StepTimes;
}

/** performance.now() as epoch ms, the clock the emulator stamps documents with. */
const epochMs = (at: number) => performance.timeOrigin + at;

/** A round's latency: from the callable's start to the listener's sight. */
const took = (round: TimedRound) => round.seenMs - round.startMs;

/** Resolves when `key` is seen, with the time it was seen (performance.now()). */
class Arrivals {
  private seen = new Map<string, number>();
  private waiting = new Map<string, (at: number) => void>();
  mark(key: string) {
    if (this.seen.has(key)) return;
    const at = performance.now();
    this.seen.set(key, at);
    this.waiting.get(key)?.(at);
  }
  when(key: string, timeoutMs = 10_000): Promise<number> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${key}`)), timeoutMs);
      this.waiting.set(key, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }
}

/**
 * Ring, push and floor latency, measured in alternating rounds so both see the same machine.
 * Ring: caller starts sendCallInvitation -> callee's incoming-calls listener fires.
 * Push: same start -> the emulator transport's outbox write seen; delivery: -> the ring's record final.
 * Floor: a client's plain write (a text message) -> another client's query listener fires, on a
 * query that, like the incoming-calls one, holds one document.
 * Bare callable and bare chain (bench/functions, loaded by the bench only): the same listener on
 * a conversation of their own, fed by a callable's one write, or by a trigger's write on the
 * document a callable wrote. They are the design's own limits for the ring and the push.
 */
export async function measureLatency(rounds: number, warmup: number, log: (line: string) => void): Promise<LatencyResults> {
  const [caller, callee, writer, reader] = await Promise.all([
    signUp('Bench Caller'),
    signUp('Bench Callee'),
    signUp('Writer'),
    signUp('Reader'),
  ]);
  await registerDevice(callee, { platform: 'android', locale: 'en' });
  await registerDevice(callee, { platform: 'ios', locale: 'zh-CN' });
  // The floor gets a conversation of its own (created by one call), so neither measurement's
  // documents weigh on the other's query.
  const first = await sendInvitation(writer, { calleeId: reader.uid });
  await cancelCall(writer, first.invitationId);
  // Each bare floor's listener holds its newest document only; the key keeps runs apart.
  const bareFloors = {
    callable: `callable-${reader.uid}`,
    chain: `chain-${reader.uid}`,
    checked: `checked-${reader.uid}`,
    leased: `leased-${reader.uid}`,
  };
  const rung = new Arrivals();
  const incoming = watchIds(
    query(
      collection(callee.db, 'callInvitations'),
      where('calleeId', '==', callee.uid),
      where('status', '==', 'ringing'),
      orderBy('createdAt'),
    ),
    rung,
    log,
  );
  const floorSeen = new Arrivals();
  // Like the incoming-calls query, which holds only the call that rings, the floor's query holds
  // only the newest message: a whole history would grow by one document a round.
  const history = watchIds(
    query(collection(reader.db, 'conversations', first.conversationId, 'messages'), orderBy('createdAt'), limitToLast(1)),
    floorSeen,
    log,
  );
  const newestOf = (floor: string) =>
    query(
      collection(reader.db, 'calls'),
      where('memberIds', 'array-contains', reader.uid),
      where('benchFloor', '==', floor),
      orderBy('createdAt'),
      limitToLast(1),
    );
  const bareCallableSeen = new Arrivals();
  const bareCallableListener = watchIds(newestOf(bareFloors.callable), bareCallableSeen, log);
  const bareChainSeen = new Arrivals();
  const bareChainListener = watchIds(newestOf(bareFloors.chain), bareChainSeen, log);
  const checkedSeen = new Arrivals();
  const checkedListener = watchIds(newestOf(bareFloors.checked), checkedSeen, log);
  const leasedSeen = new Arrivals();
  const leasedListener = watchIds(newestOf(bareFloors.leased), leasedSeen, log);
  const listeners = [incoming, history, bareCallableListener, bareChainListener, checkedListener, leasedListener];
  const pushed = new Arrivals();
  const delivered = new Arrivals();
  // Like every listener here, these hold only the newest documents: a query whose result grows by
  // every round makes the emulator's listener slower round after round, and the push with it.
  const outbox = adminWatch(adminDb().collection('pushOutbox').where('uid', '==', callee.uid).orderBy('createdAt').limitToLast(2), (doc) =>
    pushed.mark(doc.data().invitationId as string),
  );
  // Each push's record is callInvitations/{id}/deliveries/{kind}; the ring's kind is call_invitation.
  const deliveries = adminWatch(
    adminDb()
      .collectionGroup('deliveries')
      .where('state', 'in', [...finalDeliveryStates])
      .orderBy('attemptedAt')
      .limitToLast(4),
    (doc) => {
      const invitationId = doc.ref.parent.parent?.id;
      if (doc.id === 'call_invitation' && invitationId) delivered.mark(invitationId);
      if (doc.id === 'call_cancelled' && invitationId) delivered.mark(`${invitationId}/call_cancelled`);
    },
  );
  await Promise.all([...listeners.map((l) => l.ready()), outbox.ready, deliveries.ready]);

  const ring: number[] = [];
  const push: number[] = [];
  const delivery: number[] = [];
  const floor: number[] = [];
  const bareCallable: number[] = [];
  const bareChain: number[] = [];
  const checkedCallable: number[] = [];
  const leasedChain: number[] = [];
  const pushRounds: TimedRound[] = [];
  const leasedRounds: TimedRound[] = [];

  let skipped = 0;
  for (let i = 0; i < warmup + rounds; i++) {
    const measured = i >= warmup;
    await Promise.all(listeners.map((l) => l.ready()));
    const times: {
      call?: Awaited<ReturnType<typeof oneCall>>;
      plain?: number;
      bare?: number;
      chain?: number;
      checked?: number;
      leased?: TimedRound;
    } = {};
    // The order turns every round, so no measurement always follows the same one (a call's
    // background work, its expiry task and status trigger, lands on whatever comes next).
    const steps = [
      async () => (times.call = await oneCall(caller, callee, rung, pushed, delivered)),
      async () => (times.plain = await oneWrite(writer, first.conversationId, floorSeen)),
      async () => (times.bare = took(await oneBareCall(writer, reader.uid, 'benchBareCallable', bareFloors.callable, bareCallableSeen))),
      async () => (times.chain = took(await oneBareCall(writer, reader.uid, 'benchBareChain', bareFloors.chain, bareChainSeen))),
      async () => (times.checked = took(await oneBareCall(writer, reader.uid, 'benchCheckedCallable', bareFloors.checked, checkedSeen))),
      async () => (times.leased = await oneBareCall(writer, reader.uid, 'benchLeasedChain', bareFloors.leased, leasedSeen)),
    ];
    const failuresBefore = listenerFailures;
    try {
      for (let step = 0; step < steps.length; step++) await steps[(i + step) % steps.length]?.();
      // A listener that restarted mid-round saw old documents anew: its times mean nothing.
      if (listenerFailures !== failuresBefore) throw new Error('a listener restarted during the round');
    } catch (error) {
      // A round whose listener broke is measured again rather than counted.
      log(`round skipped: ${(error as Error).message}`);
      if (++skipped > 10) throw error;
      i--;
      continue;
    }
    const { call, plain, bare, chain, checked, leased } = times as Required<typeof times>;
    if (measured) {
      ring.push(call.ring);
      push.push(call.push);
      delivery.push(call.delivery);
      floor.push(plain);
      bareCallable.push(bare);
      bareChain.push(chain);
      checkedCallable.push(checked);
      leasedChain.push(took(leased));
      pushRounds.push(call.pushRound);
      leasedRounds.push(leased);
    }
    if ((i + 1) % 50 === 0) log(`latency: ${i + 1}/${warmup + rounds} rounds`);
  }
  for (const listener of listeners) listener.stop();
  outbox.stop();
  deliveries.stop();
  const steps = await measurePushSteps(pushRounds, leasedRounds);
  return {
    ring: distribution(ring),
    floor: distribution(floor),
    push: distribution(push),
    delivery: distribution(delivery),
    bareCallable: distribution(bareCallable),
    bareChain: distribution(bareChain),
    checkedCallable: distribution(checkedCallable),
    leasedChain: distribution(leasedChain),
    steps,
  };
}

function adminWatch(target: AdminQuery, onDoc: (doc: AdminQueryDocumentSnapshot) => void): { ready: Promise<void>; stop: () => void } {
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const stop = target.onSnapshot((snapshot) => {
    for (const change of snapshot.docChanges()) onDoc(change.doc);
    resolveReady();
  });
  return { ready, stop };
}

/**
 * Marks each document id the moment a server snapshot first holds it. `ready` resolves on the
 * first server snapshot: only then may the bench write (TOOLCHAIN.md, the emulator listen race).
 * The emulator has been seen to break a long-lived listen stream ("RESOURCE_EXHAUSTED: Received
 * message larger than max"); the listener then starts again and the bench waits for it.
 */
let listenerFailures = 0;

function watchIds(target: Query, arrivals: Arrivals, log: (line: string) => void) {
  let stop = () => {};
  let ready!: Promise<void>;
  const subscribe = () => {
    let resolveReady!: () => void;
    ready = new Promise<void>((resolve) => (resolveReady = resolve));
    stop = onSnapshot(
      target,
      { includeMetadataChanges: true },
      (snapshot) => {
        if (snapshot.metadata.fromCache) return;
        for (const change of snapshot.docChanges()) if (change.type === 'added') arrivals.mark(change.doc.id);
        resolveReady();
      },
      (error) => {
        listenerFailures++;
        // Only the emulator's broken stream is worth listening again for; a refusal by the rules
        // would be refused again for ever.
        if (error.code !== 'resource-exhausted') {
          log(`listener failed (${error.code}): ${error.message}; the bench cannot measure without it`);
          process.exit(1);
        }
        log(`listener failed (${error.code}); listening again`);
        subscribe();
      },
    );
  };
  subscribe();
  return { ready: () => ready, stop: () => stop() };
}

async function oneCall(caller: AppUser, callee: AppUser, rung: Arrivals, pushed: Arrivals, delivered: Arrivals) {
  const start = performance.now();
  const sent: SendCallInvitationResponse = await sendInvitation(caller, { calleeId: callee.uid });
  const [ringAt, pushAt, deliveredAt] = await Promise.all([
    rung.when(sent.invitationId),
    pushed.when(sent.invitationId),
    delivered.when(sent.invitationId),
  ]);
  await cancelCall(caller, sent.invitationId);
  // The stop-ringing push is part of this call's work: the next measurement starts after it.
  await delivered.when(`${sent.invitationId}/call_cancelled`);
  return {
    ring: ringAt - start,
    push: pushAt - start,
    delivery: deliveredAt - start,
    pushRound: { id: sent.invitationId, startMs: epochMs(start), seenMs: epochMs(pushAt) },
  };
}

async function oneWrite(writer: AppUser, conversationId: string, seen: Arrivals): Promise<number> {
  const text = `floor-${randomUUID()}`;
  const start = performance.now();
  const ref = await addDoc(collection(writer.db, 'conversations', conversationId, 'messages'), {
    type: 'text',
    senderId: writer.uid,
    text,
    createdAt: serverTimestamp(),
  });
  return (await seen.when(ref.id)) - start;
}

/** A floor function's round: the callable starts -> the listening client sees its (or its trigger's) write. */
async function oneBareCall(writer: AppUser, readerUid: string, name: string, floor: string, seen: Arrivals): Promise<TimedRound> {
  const id = randomUUID();
  const start = performance.now();
  await writer.call(name, { floor, id, uid: readerUid });
  const seenAt = await seen.when(`bench-${id}`);
  return { id, startMs: epochMs(start), seenMs: epochMs(seenAt) };
}
