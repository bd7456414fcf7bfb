import { randomUUID } from 'node:crypto';
import { type DocumentReference, type DocumentSnapshot, Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { InvitationStatus } from '../../contract/index.js';
import type { PushKind } from '../../domain/push/push-plans.js';
import { DELIVERY_LEASE_MS, isFinalDeliveryState, leaseDecision, leaseHolding, ringInFlight } from '../../domain/push/delivery.js';
import type { Invitation } from '../../domain/call/invitation.js';
import type { Collections } from './collections.js';
import type { DeliveryDoc, InvitationDoc } from './documents.js';
import { invitationFromDoc } from './invitation-mapping.js';
import { isCreateConflict } from './write-conflict.js';
import { runContendedTransaction } from './contended-transaction.js';
import { injectFault } from '../../faults/fault-injection.js';
import type { RingTallyLine } from '../../domain/health/ring-tally.js';
import { type HealthCounting, countRing } from './health-counters.js';

// The delivery records of an invitation's pushes (`callInvitations/{id}/deliveries/{kind}`), and
// the writes that hand them from one worker to the next. Every claim and release is one atomic
// step over the records it depends on (a transaction, or for the ring's first claim a `create()`
// precondition), so a status change, the ring's worker and the stop-ringing worker see each
// other's writes in one order. The records live
// apart from the invitation: the caller may read the invitation, not the callee's devices, and a
// record's write wakes neither the caller's listener nor the status trigger.

const STATUS_KINDS = ['call_cancelled', 'missed_call'] as const;

/** Reads several documents of different types in one round trip of a transaction. */
async function readAll(tx: Transaction, refs: DocumentReference<unknown>[]): Promise<DocumentSnapshot<unknown>[]> {
  return tx.getAll(...refs);
}

/** The status push a record holds back behind the ring. */
export type HeldPush = NonNullable<DeliveryDoc['heldPush']>;

export type Claim =
  /**
   * `ring`: for a status push, the ring's record as the claim read it (what the ring did, if it ran).
   * `previous`: the record a takeover took over (the devices its dead worker had already reached).
   * `leaseId`: this claim's, which the worker writes on every record it writes and releases by.
   * `claimedAtMs`: when this worker took the lease, kept on the records it writes.
   */
  | {
      kind: 'claimed';
      invitation: Invitation;
      ring?: DeliveryDoc;
      previous?: DeliveryDoc;
      takeovers: number;
      leaseId: string;
      claimedAtMs: number;
    }
  /** Another run had it and finished: a duplicate or a retried delivery. `status`: the invitation's, when read. */
  | { kind: 'duplicate'; status?: InvitationStatus }
  /** A live worker holds the lease until `untilMs`. */
  | { kind: 'held'; untilMs: number }
  /** A stop-ringing push held back until the ring push has left; the ring's worker will send it. */
  | { kind: 'deferred' };

/**
 * Takes the lease on one kind of push. A status push (stop ringing, missed call) is deferred
 * while the ring push is in flight: sent now, it could reach a device before the ring and leave
 * a ghost incoming call there.
 */
export async function claimDelivery(
  store: Collections,
  invitationId: string,
  kind: PushKind,
  nowMs: number,
  heldPush?: HeldPush,
): Promise<Claim> {
  const invitationRef = store.invitation(invitationId);
  const recordRef = store.delivery(invitationId, kind);
  const ringRef = store.delivery(invitationId, 'call_invitation');
  return runContendedTransaction(store.db, async (tx) => {
    const refs = [invitationRef, recordRef, ...(kind === 'call_invitation' ? [] : [ringRef])] as DocumentReference<unknown>[];
    const [invitationSnap, recordSnap, ringSnap] = (await readAll(tx, refs)) as [
      DocumentSnapshot<InvitationDoc>,
      DocumentSnapshot<DeliveryDoc>,
      DocumentSnapshot<DeliveryDoc> | undefined,
    ];
    const doc = invitationSnap.data();
    if (!doc) return { kind: 'duplicate' };
    const current = recordSnap.data();
    const decision = leaseDecision(
      current && {
        state: current.state,
        ...(current.claimedAt ? { claimedAtMs: current.claimedAt.toMillis() } : {}),
        ...(current.nextAttemptAt ? { nextAttemptAtMs: current.nextAttemptAt.toMillis() } : {}),
        released: current.releasedAt !== undefined,
      },
      nowMs,
    );
    if (decision.kind === 'done') return { kind: 'duplicate', status: doc.status };
    if (decision.kind === 'held') return decision;
    const claimedAt = Timestamp.fromMillis(nowMs);
    const takeovers = (current?.takeovers ?? 0) + (decision.takeover ? 1 : 0);
    // The push a held-back record holds stays with it, whoever claims it next.
    const held = current?.heldPush ?? heldPush;
    const kept = { ...(held ? { heldPush: held } : {}), ...(takeovers > 0 ? { takeovers } : {}) };
    if (ringSnap && ringStillInFlight(doc, ringSnap.data(), nowMs)) {
      tx.set(recordRef, { state: 'deferred', claimedAt, ...kept });
      return { kind: 'deferred' };
    }
    const leaseId = randomUUID();
    tx.set(recordRef, { state: 'sending', claimedAt, leaseId, ...kept });
    const ring = ringSnap?.data();
    return {
      kind: 'claimed',
      invitation: invitationFromDoc(invitationId, doc),
      takeovers,
      leaseId,
      claimedAtMs: nowMs,
      ...(ring ? { ring } : {}),
      ...(decision.takeover && current ? { previous: current } : {}),
    };
  });
}

/**
 * Takes the lease on the ring push in one round trip: the record's `create()` is the lease, and
 * the invitation is read beside it. Only the ring's own worker ever writes this record, so a
 * record that exists means a duplicate delivery or a worker that died: the transactional claim
 * then decides, as for every other kind. A stop-ringing push that comes first finds no record
 * and defers itself (ringStillInFlight), so no order of the two can ring after the stop.
 */
export async function claimRing(store: Collections, invitationId: string, nowMs: number): Promise<Claim> {
  await injectFault('firestore.unavailable', { invitationId, step: 'ring claim' });
  const leaseId = randomUUID();
  const lease = store
    .delivery(invitationId, 'call_invitation')
    .create({ state: 'sending', claimedAt: Timestamp.fromMillis(nowMs), leaseId });
  const read = store.invitation(invitationId).get();
  const [leased, invitationSnap] = await Promise.allSettled([lease, read]);
  if (leased.status === 'rejected') {
    if (isCreateConflict(leased.reason)) return claimDelivery(store, invitationId, 'call_invitation', nowMs);
    throw leased.reason;
  }
  // The lease is ours; a failed read leaves it to run out (DELIVERY_LEASE_MS) for the retried trigger.
  if (invitationSnap.status === 'rejected') throw invitationSnap.reason;
  const doc = invitationSnap.value.data();
  return doc
    ? { kind: 'claimed', invitation: invitationFromDoc(invitationId, doc), takeovers: 0, leaseId, claimedAtMs: nowMs }
    : { kind: 'duplicate' };
}

/** No record yet means the ring trigger has not claimed it. A ring whose worker died (its lease ran out) holds nothing back. */
function ringStillInFlight(doc: InvitationDoc, ring: DeliveryDoc | undefined, nowMs: number): boolean {
  if (!ringInFlight(ring?.state)) return false;
  const since = ring?.claimedAt?.toMillis() ?? doc.createdAt.toMillis();
  return nowMs - since <= DELIVERY_LEASE_MS;
}

/** What the ring's final record counts in the fleet's delivery health (health-counters.ts). */
export interface RingTally {
  uid: string;
  lines: RingTallyLine[];
  counting: HealthCounting;
}

/** A status push that was deferred, now claimed by the ring's worker, and the invitation as it is now. */
export interface ReleasedPush {
  /** The push it held back (for a missed-call notice, the reason is `missed`, `cancelled` or `busy`). */
  held: HeldPush;
  invitation: Invitation;
  /** What the ring did: the record this release wrote. */
  ring: DeliveryDoc;
  /** The lease the ring's worker took on the held push, and when. */
  leaseId: string;
  claimedAtMs: number;
}

/**
 * Records the ring push's outcome (final, or `retrying`) and, in the same transaction, claims
 * every status push that was deferred behind it: the caller of this sends them next, in order.
 */
export async function releaseRing(
  store: Collections,
  invitationId: string,
  record: DeliveryDoc,
  nowMs: number,
  tally?: RingTally,
): Promise<ReleasedPush[]> {
  const heldRefs = STATUS_KINDS.map((kind) => store.delivery(invitationId, kind));
  const ringRef = store.delivery(invitationId, 'call_invitation');
  return runContendedTransaction(store.db, async (tx) => {
    // The ring's own record is read in the same round only to count the ring once: a worker that
    // took over from one still alive, and both recording, must not count it twice.
    const snaps = (await readAll(tx, [
      ...heldRefs,
      ...(tally ? [ringRef] : []),
    ] as DocumentReference<unknown>[])) as DocumentSnapshot<DeliveryDoc>[];
    const heldSnaps = snaps.slice(0, STATUS_KINDS.length);
    const recorded = tally ? snaps[STATUS_KINDS.length]?.data()?.state : undefined;
    if (tally && isFinalDeliveryState(record.state) && !isFinalDeliveryState(recorded)) {
      countRing(tx, store, tally.counting, tally.uid, tally.lines, nowMs);
    }
    const deferred = STATUS_KINDS.flatMap((kind, index) => {
      const record = heldSnaps[index]?.data();
      if (record?.state !== 'deferred') return [];
      // Records from before `heldPush` kept only the reason.
      const held: HeldPush = record.heldPush ?? { kind, reason: record.stopReason ?? 'cancelled' };
      return [{ held, takeovers: record.takeovers }];
    });
    // The invitation is read only when a push waits: the common ring releases nothing.
    const doc = deferred.length > 0 ? (await tx.get(store.invitation(invitationId))).data() : undefined;
    tx.set(ringRef, record);
    if (!doc) return [];
    const invitation = invitationFromDoc(invitationId, doc);
    return deferred.map(({ held, takeovers }) => {
      const leaseId = randomUUID();
      tx.set(store.delivery(invitationId, held.kind), {
        state: 'sending',
        claimedAt: Timestamp.fromMillis(nowMs),
        heldPush: held,
        leaseId,
        ...(takeovers ? { takeovers } : {}),
      });
      return { held, invitation, ring: record, leaseId, claimedAtMs: nowMs };
    });
  });
}

/**
 * Takes the ring push back from `retrying` for another attempt, only while the call still rings:
 * once its status changed, the stop-ringing push may already be on its way, and a late ring
 * would overtake nothing but could ring a call that is over.
 */
export async function reclaimRingForRetry(store: Collections, invitationId: string, nowMs: number): Promise<boolean> {
  const invitationRef = store.invitation(invitationId);
  const ringRef = store.delivery(invitationId, 'call_invitation');
  return runContendedTransaction(store.db, async (tx) => {
    const [invitationSnap, ringSnap] = (await readAll(tx, [invitationRef, ringRef] as DocumentReference<unknown>[])) as [
      DocumentSnapshot<InvitationDoc>,
      DocumentSnapshot<DeliveryDoc>,
    ];
    const doc = invitationSnap.data();
    const ring = ringSnap.data();
    if (!doc || !ring || doc.status !== 'ringing' || doc.expiresAt.toMillis() <= nowMs || ring.state !== 'retrying') return false;
    tx.update(ringRef, { state: 'sending', claimedAt: Timestamp.fromMillis(nowMs) });
    return true;
  });
}

/**
 * The held-back pushes a ring's worker claimed but did not record: it died between the two. A
 * retried ring event finds them here, as no other event will come for them.
 */
export async function unrecordedHeldPushes(store: Collections, invitationId: string): Promise<HeldPush[]> {
  const snaps = await store.db.getAll(...STATUS_KINDS.map((kind) => store.delivery(invitationId, kind)));
  return snaps.flatMap((snap) => {
    const record = snap.data() as DeliveryDoc | undefined;
    return record?.state === 'sending' && record.heldPush ? [record.heldPush] : [];
  });
}

/**
 * Gives up the lease of a worker that threw (a transaction that gave up, Firestore unavailable,
 * a fault), so that the event's retry takes over at once instead of waiting the lease out. Only
 * the worker's own lease: one that ran out may already be another worker's. A worker that dies
 * outright cannot release; its lease runs out (DELIVERY_LEASE_MS). True when it released.
 */
export async function releaseLease(
  store: Collections,
  invitationId: string,
  kind: PushKind,
  leaseId: string,
  nowMs: number,
): Promise<boolean> {
  const recordRef = store.delivery(invitationId, kind);
  return runContendedTransaction(store.db, async (tx) => {
    const record = (await tx.get(recordRef)).data();
    if (!record || !leaseHolding(record.state) || record.leaseId !== leaseId) return false;
    tx.update(recordRef, { releasedAt: Timestamp.fromMillis(nowMs) });
    return true;
  });
}

/** Records a status push's outcome; no other worker waits on it. */
export async function recordDelivery(store: Collections, invitationId: string, kind: PushKind, record: DeliveryDoc): Promise<void> {
  await store.delivery(invitationId, kind).set(record);
}
