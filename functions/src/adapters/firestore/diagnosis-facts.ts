import type { PushTransportName } from '../../contract/index.js';
import type { DeliveryFacts, DiagnosisFacts, DiagnosisView } from '../../domain/diagnosis/facts.js';
import type { Collections } from './collections.js';
import type { DocumentReference } from 'firebase-admin/firestore';
import type { DeliveryDoc, InvitationDoc, MessageDoc } from './documents.js';
import { clientDocData } from './safe-read.js';

const deliveryFacts = (delivery: DeliveryDoc): DeliveryFacts => ({
  state: delivery.state,
  devices: delivery.devices ?? [],
  ...(delivery.transport ? { transport: delivery.transport } : {}),
  ...(delivery.attemptedAt ? { attemptedAt: delivery.attemptedAt.toMillis() } : {}),
  ...(delivery.reason ? { reason: delivery.reason } : {}),
  ...(delivery.takeovers ? { takeovers: delivery.takeovers } : {}),
});

/**
 * What the caller may know of the ring push: whether and when Beckon handled it, by which
 * transport; not the callee's devices, their errors, nor whether the callee has any.
 */
function callerSafe(delivery: DeliveryFacts): DeliveryFacts {
  const state = ['pending', 'sending', 'retrying', 'disabled', 'expired', 'skipped'].includes(delivery.state)
    ? delivery.state
    : 'attempted';
  return {
    state,
    devices: [],
    ...(delivery.transport ? { transport: delivery.transport } : {}),
    ...(delivery.attemptedAt ? { attemptedAt: delivery.attemptedAt } : {}),
  };
}

/**
 * Reads everything a diagnosis needs about one invitation; undefined when there is no such
 * invitation. In the caller's view, nothing of the callee's side is even read.
 */
export async function gatherDiagnosisFacts(
  store: Collections,
  invitationId: string,
  nowMs: number,
  configuredTransport?: PushTransportName,
  /** Who asks decides what is read; it may throw to refuse. Absent: everything (the admin CLI). */
  viewFor: (parties: { callerId: string; calleeId: string }) => DiagnosisView = () => 'full',
): Promise<DiagnosisFacts | undefined> {
  const first = (await store.invitation(invitationId).get()).data();
  if (!first) return undefined;
  const view = viewFor(first);
  const full = view === 'full';
  // The caller's view needs only the ring's record; the stop-ringing and missed-call ones are the callee's.
  const recordsRead = full
    ? store
        .deliveries(invitationId)
        .get()
        .then((snapshot) => snapshot.docs)
    : store
        .delivery(invitationId, 'call_invitation')
        .get()
        .then((snapshot) => [snapshot]);
  // The invitation is read again with its history line in one getAll, one snapshot: read apart,
  // a call changing status between the two reads looked like a history that disagrees with it.
  const [pair, conversationSnap, recordSnaps, presenceSnap, devicesSnap, receiptsSnap] = await Promise.all([
    store.db.getAll(
      store.invitation(invitationId) as DocumentReference,
      store.messages(first.conversationId).doc(first.messageId) as DocumentReference,
    ),
    store.conversation(first.conversationId).get(),
    recordsRead,
    full ? store.presence(first.calleeId).get() : undefined,
    full ? store.devices(first.calleeId).get() : undefined,
    full ? store.receipts(invitationId).get() : undefined,
  ]);
  const doc = (pair[0]?.data() as InvitationDoc | undefined) ?? first;
  const message = pair[1]?.data() as MessageDoc | undefined;
  const presence = presenceSnap && clientDocData(presenceSnap);
  const records = Object.fromEntries(
    recordSnaps.flatMap((record) => {
      const data = record.data();
      return data ? [[record.id, deliveryFacts(data)]] : [];
    }),
  );
  const { call_invitation: ring = { state: 'pending', devices: [] }, ...others } = records;
  return {
    view,
    nowMs,
    invitation: {
      id: invitationId,
      status: doc.status,
      callerId: doc.callerId,
      calleeId: doc.calleeId,
      conversationId: doc.conversationId,
      messageId: doc.messageId,
      createdAt: doc.createdAt.toMillis(),
      expiresAt: doc.expiresAt.toMillis(),
      calleeOnlineAtSend: doc.calleeOnlineAtSend,
      ...(doc.respondedAt ? { respondedAt: doc.respondedAt.toMillis() } : {}),
      ...(doc.endedAt ? { endedAt: doc.endedAt.toMillis() } : {}),
      ...(doc.receivedAt ? { receivedAt: doc.receivedAt.toMillis() } : {}),
      delivery: full ? ring : callerSafe(ring),
      deliveries: full ? others : {},
    },
    receipts: (receiptsSnap?.docs ?? [])
      .map((receipt) => {
        const data = receipt.data();
        return {
          deviceId: data.deviceId,
          receivedAt: data.receivedAt.toMillis(),
          ...(data.source ? { source: data.source } : {}),
          ...(data.priority ? { priority: data.priority } : {}),
          ...(data.originalPriority ? { originalPriority: data.originalPriority } : {}),
        };
      })
      .sort((a, b) => a.receivedAt - b.receivedAt),
    ...(message?.callInvitation
      ? { message: { invitationId: message.callInvitation.invitationId, status: message.callInvitation.status } }
      : {}),
    ...(conversationSnap.exists ? { conversationMemberIds: conversationSnap.data()?.memberIds ?? [] } : {}),
    ...(presence ? { presenceNow: { state: presence.state, lastSeenAt: presence.lastSeenAt.toMillis() } } : {}),
    devicesNow: (devicesSnap?.docs ?? []).map((device) => {
      const data = device.data();
      return {
        deviceId: device.id,
        platform: data.platform,
        hasToken: Boolean(data.fcmToken || data.voipToken),
        createdAt: data.createdAt.toMillis(),
        updatedAt: data.updatedAt.toMillis(),
        ...(data.tokenRemovedReason ? { tokenRemovedReason: data.tokenRemovedReason } : {}),
      };
    }),
    ...(configuredTransport ? { configuredTransport } : {}),
  };
}
