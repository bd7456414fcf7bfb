import { Timestamp, type UpdateData } from 'firebase-admin/firestore';
import type { StopRingingReason } from '../../contract/index.js';
import type { PushKind } from '../../domain/call-state.js';
import { DELIVERY_LEASE_MS, mayClaimDelivery, ringInFlight } from '../../domain/delivery.js';
import type { Invitation } from '../../domain/invitation.js';
import type { Collections } from './collections.js';
import type { DeliveryDoc, InvitationDoc } from './documents.js';
import { invitationFromDoc } from './invitation-mapping.js';

// The delivery records of an invitation's pushes, and the transactions that hand them from one
// worker to the next. Every claim and release reads the invitation in a transaction, so a status
// change, the ring's worker and the stop-ringing worker see each other's writes in one order.

/** The call-invitation push keeps its contract field `delivery`; the others live under `deliveries`. */
export const deliveryField = (kind: PushKind) => (kind === 'call_invitation' ? 'delivery' : `deliveries.${kind}`);
export const currentDelivery = (doc: InvitationDoc, kind: PushKind) => (kind === 'call_invitation' ? doc.delivery : doc.deliveries?.[kind]);

export type Claim =
  | { kind: 'claimed'; invitation: Invitation }
  /** Another run has it or had it: a duplicate trigger delivery. */
  | { kind: 'duplicate' }
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
  stopReason?: StopRingingReason,
): Promise<Claim> {
  const ref = store.invitation(invitationId);
  return store.db.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) return { kind: 'duplicate' };
    const current = currentDelivery(doc, kind);
    if (!mayClaimDelivery(current?.state, current?.claimedAt?.toMillis(), nowMs)) return { kind: 'duplicate' };
    if (kind !== 'call_invitation' && ringStillInFlight(doc, nowMs)) {
      const deferred: DeliveryDoc = { state: 'deferred', claimedAt: Timestamp.fromMillis(nowMs), ...(stopReason ? { stopReason } : {}) };
      tx.update(ref, { [deliveryField(kind)]: deferred });
      return { kind: 'deferred' };
    }
    tx.update(ref, { [deliveryField(kind)]: { state: 'sending', claimedAt: Timestamp.fromMillis(nowMs) } });
    return { kind: 'claimed', invitation: invitationFromDoc(invitationId, doc) };
  });
}

/** A ring whose worker died (its lease ran out) holds nothing back. */
function ringStillInFlight(doc: InvitationDoc, nowMs: number): boolean {
  const ring = doc.delivery;
  if (!ringInFlight(ring.state)) return false;
  const since = ring.claimedAt?.toMillis() ?? doc.createdAt.toMillis();
  return nowMs - since <= DELIVERY_LEASE_MS;
}

/** A status push that was deferred, now claimed by the ring's worker, and the invitation as it is now. */
export interface ReleasedPush {
  kind: Exclude<PushKind, 'call_invitation'>;
  stopReason?: StopRingingReason;
  invitation: Invitation;
}

/**
 * Records the ring push's outcome (final, or `retrying`) and, in the same transaction, claims
 * every status push that was deferred behind it: the caller of this sends them next, in order.
 */
export async function releaseRing(store: Collections, invitationId: string, record: DeliveryDoc, nowMs: number): Promise<ReleasedPush[]> {
  const ref = store.invitation(invitationId);
  return store.db.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) return [];
    const update: UpdateData<InvitationDoc> = { delivery: record };
    const released: ReleasedPush[] = [];
    const invitation = invitationFromDoc(invitationId, doc);
    for (const kind of ['call_cancelled', 'missed_call'] as const) {
      const held = doc.deliveries?.[kind];
      if (held?.state !== 'deferred') continue;
      update[`deliveries.${kind}`] = { state: 'sending', claimedAt: Timestamp.fromMillis(nowMs) };
      released.push({ kind, invitation, ...(held.stopReason ? { stopReason: held.stopReason } : {}) });
    }
    tx.update(ref, update);
    return released;
  });
}

/**
 * Takes the ring push back from `retrying` for another attempt, only while the call still rings:
 * once its status changed, the stop-ringing push may already be on its way, and a late ring
 * would overtake nothing but could ring a call that is over.
 */
export async function reclaimRingForRetry(store: Collections, invitationId: string, nowMs: number): Promise<boolean> {
  const ref = store.invitation(invitationId);
  return store.db.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc || doc.status !== 'ringing' || doc.expiresAt.toMillis() <= nowMs || doc.delivery.state !== 'retrying') return false;
    tx.update(ref, { 'delivery.state': 'sending', 'delivery.claimedAt': Timestamp.fromMillis(nowMs) });
    return true;
  });
}

/** Records a status push's outcome; no other worker waits on it. */
export async function recordDelivery(store: Collections, invitationId: string, kind: PushKind, record: DeliveryDoc): Promise<void> {
  await store.invitation(invitationId).update({ [deliveryField(kind)]: record });
}
