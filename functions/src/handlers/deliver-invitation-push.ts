import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult } from '../contract/index.js';
import { deliveryState, mayClaimDelivery, pushErrorKind } from '../domain/delivery.js';
import type { Invitation } from '../domain/invitation.js';
import { callInvitationMessage, type PushDevice } from '../domain/push-message.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { DeliveryDoc } from '../adapters/firestore/documents.js';
import { invitationFromDoc } from '../adapters/firestore/invitation-mapping.js';
import type { OutgoingPush, PushResult, PushTransport } from '../adapters/push/push-transport.js';
import { type LogEvent, logEvent, logFailure, logWarning } from '../logs.js';

export interface DeliverPushDeps {
  store: Collections;
  transport(): PushTransport;
  now(): number;
}

export type DeliverPushOutcome = { skipped: true } | { skipped: false; delivery: DeliveryDoc };

/**
 * Pushes a new invitation to every registered device of the callee, whatever their presence:
 * an offline callee is exactly who needs the push. Safe to run twice for the same invitation.
 */
export async function deliverInvitationPush(deps: DeliverPushDeps, invitationId: string): Promise<DeliverPushOutcome> {
  const { store } = deps;
  const invitation = await claimDelivery(deps, invitationId);
  if (!invitation) {
    logEvent('invitation.push.duplicate', { invitationId });
    return { skipped: true };
  }
  const ids = { invitationId, callerId: invitation.callerId, calleeId: invitation.calleeId };
  const transport = deps.transport();
  const attemptedAt = Timestamp.fromMillis(deps.now());

  const finish = async (delivery: DeliveryDoc, event: LogEvent): Promise<DeliverPushOutcome> => {
    await store.invitation(invitationId).update({ delivery });
    const log = delivery.state === 'sent' || delivery.state === 'disabled' ? logEvent : logWarning;
    log(event, { ...ids, state: delivery.state, transport: delivery.transport, reason: delivery.reason, devices: delivery.devices });
    return { skipped: false, delivery };
  };

  if (transport.name === 'disabled') {
    return finish(
      { state: 'disabled', transport: 'disabled', attemptedAt, devices: [], reason: 'PUSH_TRANSPORT is "disabled"; set it to "fcm" to push' },
      'invitation.push.disabled',
    );
  }
  if (invitation.expiresAt <= deps.now()) {
    return finish(
      { state: 'expired', transport: transport.name, attemptedAt, devices: [], reason: 'the call had stopped ringing before its push could be sent' },
      'invitation.push.expired',
    );
  }

  const devices = await pushableDevices(store, invitation.calleeId);
  if (devices.length === 0) {
    return finish(
      { state: 'no_devices', transport: transport.name, attemptedAt, devices: [], reason: 'the callee has no device with an FCM token registered' },
      'invitation.push.no_devices',
    );
  }

  const nowMs = deps.now();
  const pushes: OutgoingPush[] = devices.map((device) => ({
    invitationId,
    kind: 'call_invitation',
    uid: invitation.calleeId,
    deviceId: device.deviceId,
    message: callInvitationMessage(invitation, device, nowMs),
  }));
  const results = await sendOrFail(transport, pushes, ids);
  const deviceResults: DeviceDeliveryResult[] = devices.map((device, index) =>
    deviceResult(device, results[index] ?? { ok: false, errorCode: 'beckon/no-result' }),
  );
  await pruneDeadTokens(store, invitation, devices, deviceResults);

  const state = deliveryState(deviceResults);
  const event: LogEvent = state === 'sent' ? 'invitation.push.sent' : state === 'partial' ? 'invitation.push.partial' : 'invitation.push.failed';
  return finish({ state, transport: transport.name, attemptedAt, devices: deviceResults }, event);
}

/** Takes the invitation's delivery lease in a transaction; undefined when another run has it or had it. */
async function claimDelivery(deps: DeliverPushDeps, invitationId: string): Promise<Invitation | undefined> {
  const ref = deps.store.invitation(invitationId);
  return ref.firestore.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) return undefined;
    const nowMs = deps.now();
    if (!mayClaimDelivery(doc.delivery.state, doc.delivery.claimedAt?.toMillis(), nowMs)) return undefined;
    tx.update(ref, { delivery: { state: 'sending', claimedAt: Timestamp.fromMillis(nowMs) } });
    return invitationFromDoc(invitationId, doc);
  });
}

async function pushableDevices(store: Collections, uid: string): Promise<PushDevice[]> {
  const snapshot = await store.devices(uid).get();
  return snapshot.docs.flatMap((doc) => {
    const device = doc.data();
    if (!device.fcmToken) return [];
    return [{ deviceId: doc.id, platform: device.platform, fcmToken: device.fcmToken, ...(device.locale ? { locale: device.locale } : {}) }];
  });
}

/** A transport that fails as a whole (FCM credentials, network) fails every device, not the trigger. */
async function sendOrFail(transport: PushTransport, pushes: OutgoingPush[], ids: Record<string, string>): Promise<PushResult[]> {
  try {
    return await transport.send(pushes);
  } catch (error) {
    logFailure('invitation.push.failed', error, ids);
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'beckon/transport-error';
    return pushes.map(() => ({ ok: false, errorCode: code }));
  }
}

function deviceResult(device: PushDevice, result: PushResult): DeviceDeliveryResult {
  return {
    deviceId: device.deviceId,
    platform: device.platform,
    ok: result.ok,
    ...(result.messageId ? { messageId: result.messageId } : {}),
    ...(result.errorCode ? { errorCode: result.errorCode } : {}),
  };
}

/** Drops tokens FCM says will never work again, unless the device re-registered a new one meanwhile. */
async function pruneDeadTokens(
  store: Collections,
  invitation: Invitation,
  devices: PushDevice[],
  results: DeviceDeliveryResult[],
): Promise<void> {
  await Promise.all(
    results.map(async (result, index) => {
      const device = devices[index];
      if (!device || result.ok || !result.errorCode || pushErrorKind(result.errorCode) !== 'token_gone') return;
      const ref = store.device(invitation.calleeId, device.deviceId);
      const pruned = await ref.firestore.runTransaction(async (tx) => {
        const current = (await tx.get(ref)).data();
        if (current?.fcmToken !== device.fcmToken) return false;
        tx.update(ref, {
          fcmToken: FieldValue.delete(),
          tokenRemovedAt: Timestamp.now(),
          tokenRemovedReason: result.errorCode,
        });
        return true;
      });
      if (pruned) {
        logEvent('device.pruned', {
          invitationId: invitation.id,
          callerId: invitation.callerId,
          calleeId: invitation.calleeId,
          deviceId: device.deviceId,
          errorCode: result.errorCode,
        });
      }
    }),
  );
}
