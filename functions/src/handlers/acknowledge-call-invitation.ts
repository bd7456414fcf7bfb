import { type DocumentReference, type DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { AcknowledgeCallInvitationRequest, AcknowledgeCallInvitationResponse } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { DeliveryDoc, DeviceDoc, InvitationDoc, ReceiptDoc } from '../adapters/firestore/documents.js';
import { admitReceipt } from '../domain/push/receipt-admission.js';
import { logEvent } from '../logs.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';
import { type HealthCounting, type ReceiptCount, countReceipt } from '../adapters/firestore/health-counters.js';
import { UNKNOWN_APP_VERSION } from '../domain/health/health-keys.js';
import { isFinalDeliveryState } from '../domain/push/delivery.js';

export interface AcknowledgeDeps {
  store: Collections;
  now(): number;
  /** How a first receipt is counted in the fleet's delivery health; not counted when absent. */
  healthCounting?(): HealthCounting;
}

/**
 * The callee's device says it rings. The first receipt of a ringing call sets `receivedAt` on
 * the invitation, so the caller's screen turns from "Calling" to "Ringing"; each device's first
 * receipt is kept where only the callee reads it. Repeating it changes nothing. Only a device the
 * ring was sent to gives a receipt (domain/push/receipt-admission.ts): made-up device ids, or new
 * ones registered in a loop, would each add a document.
 */
export async function acknowledgeCallInvitation(
  deps: AcknowledgeDeps,
  uid: string,
  request: Required<Pick<AcknowledgeCallInvitationRequest, 'invitationId' | 'deviceId'>> &
    Pick<AcknowledgeCallInvitationRequest, 'source' | 'priority' | 'originalPriority'>,
): Promise<AcknowledgeCallInvitationResponse> {
  const { store } = deps;
  const ref = store.invitation(request.invitationId);
  const receiptRef = store.receipts(request.invitationId).doc(request.deviceId);
  const deviceRef = store.device(uid, request.deviceId);
  const ringRef = store.delivery(request.invitationId, 'call_invitation');
  const result = await runContendedTransaction(store.db, async (tx) => {
    // One round trip for the four reads.
    const [invitationSnap, receiptSnap, deviceSnap, ringSnap] = (await tx.getAll(
      ref as DocumentReference<unknown>,
      receiptRef as DocumentReference<unknown>,
      deviceRef as DocumentReference<unknown>,
      ringRef as DocumentReference<unknown>,
    )) as [DocumentSnapshot<InvitationDoc>, DocumentSnapshot<ReceiptDoc>, DocumentSnapshot<DeviceDoc>, DocumentSnapshot<DeliveryDoc>];
    const doc = invitationSnap.data();
    if (!doc) throw new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });
    if (doc.calleeId !== uid) throw new BeckonError('permission-denied', 'only the callee acknowledges a call');
    const admission = admitReceipt({
      deviceId: request.deviceId,
      rungDeviceIds: ringSnap.data()?.devices?.map((device) => device.deviceId),
      deviceCreatedAtMs: deviceSnap.data()?.createdAt.toMillis(),
      invitationCreatedAtMs: doc.createdAt.toMillis(),
    });
    if (admission === 'no_such_device') {
      throw new BeckonError('not-found', 'deviceId: no such device of yours; register it first (registerDevice)', { field: 'deviceId' });
    }
    if (admission === 'not_rung') {
      throw new BeckonError('failed-precondition', 'deviceId: this call did not ring that device', { field: 'deviceId' });
    }
    const now = Timestamp.fromMillis(deps.now());
    const firstForDevice = !receiptSnap.exists;
    const counting = deps.healthCounting?.();
    const device = deviceSnap.data();
    if (firstForDevice && counting && device) {
      countReceipt(tx, store, counting, receiptCount(uid, request, device, ringSnap.data(), deps.now()), deps.now());
    }
    if (firstForDevice) {
      tx.create(receiptRef, {
        deviceId: request.deviceId,
        receivedAt: now,
        ...(request.source ? { source: request.source } : {}),
        ...(request.priority ? { priority: request.priority } : {}),
        ...(request.originalPriority ? { originalPriority: request.originalPriority } : {}),
      });
    }
    // A receipt after the call stopped ringing is kept for the diagnosis, but rings nothing for the caller.
    const firstForCall = !doc.receivedAt && doc.status === 'ringing';
    if (firstForCall) tx.update(ref, { receivedAt: now });
    const receivedAt = firstForCall ? now : doc.receivedAt;
    return { doc, firstForDevice, firstForCall, receivedAt };
  });
  if (result.firstForDevice) {
    logEvent('invitation.acknowledged', {
      invitationId: request.invitationId,
      callerId: result.doc.callerId,
      calleeId: uid,
      deviceId: request.deviceId,
      source: request.source,
      priority: request.priority,
      originalPriority: request.originalPriority,
      first: result.firstForCall,
    });
  }
  return {
    status: result.doc.status,
    ...(result.receivedAt ? { receivedAt: result.receivedAt.toMillis() } : {}),
    serverTime: deps.now(),
  };
}

/**
 * What a device's first receipt counts: its group (the channel the ring went by, from the ring's
 * record, or the one its tokens choose when the app's listener answered before the record), the
 * time from the send, and whether Android lowered the ring's priority.
 */
function receiptCount(
  uid: string,
  request: Pick<AcknowledgeCallInvitationRequest, 'deviceId' | 'priority' | 'originalPriority'> & { deviceId: string },
  device: DeviceDoc,
  ring: DeliveryDoc | undefined,
  nowMs: number,
): ReceiptCount {
  const line = ring?.devices?.find((rung) => rung.deviceId === request.deviceId);
  const counted = isFinalDeliveryState(ring?.state);
  const channel = line?.channel ?? (device.platform === 'ios' && device.voipToken ? 'apns' : 'fcm');
  const sentAtMs = line?.ok && ring?.attemptedAt ? ring.attemptedAt.toMillis() : undefined;
  return {
    uid,
    deviceId: request.deviceId,
    group: {
      platform: device.platform,
      appVersion: device.appVersion ?? UNKNOWN_APP_VERSION,
      ringStyle: device.ringStyle ?? 'notification',
      channel,
    },
    ...(sentAtMs === undefined ? {} : { timeToRingMs: nowMs - sentAtMs }),
    priorityLowered: request.priority === 'normal' && request.originalPriority === 'high',
    ringCounted: counted,
  };
}
