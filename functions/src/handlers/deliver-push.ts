import { Timestamp } from 'firebase-admin/firestore';
import type { InvitationStatus } from '../contract/index.js';
import type { PushKind } from '../domain/call-state.js';
import { deliveryState, deviceResult, mayClaimDelivery } from '../domain/delivery.js';
import type { Invitation } from '../domain/invitation.js';
import type { PushDevice, PushMessage } from '../domain/push-message.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { DeliveryDoc, InvitationDoc } from '../adapters/firestore/documents.js';
import { invitationFromDoc } from '../adapters/firestore/invitation-mapping.js';
import type { OutgoingPush, PushResult, PushTransport } from '../adapters/push/push-transport.js';
import { type LogEvent, logEvent, logFailure, logWarning } from '../logs.js';
import { pruneDeadTokens } from './prune-dead-tokens.js';

export interface DeliverPushDeps {
  store: Collections;
  transport(): PushTransport;
  now(): number;
}

export type DeliverPushOutcome =
  | { skipped: true }
  /** `status` is the invitation's status when the push was claimed. */
  | { skipped: false; delivery: DeliveryDoc; status: InvitationStatus };

/** What one kind of push needs: whether to send at all, and the message for each device. */
export interface PushPlan {
  kind: PushKind;
  /** A reason to record instead of sending, decided on the invitation as claimed. */
  skip?(invitation: Invitation, nowMs: number): { state: 'skipped' | 'expired'; reason: string } | undefined;
  message(invitation: Invitation, device: PushDevice, nowMs: number): PushMessage;
}

/** The call-invitation push keeps its contract field `delivery`; the others live under `deliveries`. */
const deliveryField = (kind: PushKind) => (kind === 'call_invitation' ? 'delivery' : `deliveries.${kind}`);
const currentDelivery = (doc: InvitationDoc, kind: PushKind) => (kind === 'call_invitation' ? doc.delivery : doc.deliveries?.[kind]);

/**
 * Sends one kind of push of one invitation to every registered device of the callee, records the
 * outcome on the invitation, and prunes dead tokens. Triggers are delivered at least once: a lease
 * on the delivery record makes a second run for the same invitation and kind send nothing.
 */
export async function deliverPush(deps: DeliverPushDeps, invitationId: string, plan: PushPlan): Promise<DeliverPushOutcome> {
  const { store } = deps;
  const { kind } = plan;
  const invitation = await claimDelivery(deps, invitationId, kind);
  if (!invitation) {
    logEvent('invitation.push.duplicate', { invitationId, kind });
    return { skipped: true };
  }
  const ids = { invitationId, callerId: invitation.callerId, calleeId: invitation.calleeId, kind };
  const transport = deps.transport();
  const attemptedAt = Timestamp.fromMillis(deps.now());

  const finish = async (delivery: DeliveryDoc, event: LogEvent): Promise<DeliverPushOutcome> => {
    await store.invitation(invitationId).update({ [deliveryField(kind)]: delivery });
    const log = delivery.state === 'sent' || delivery.state === 'disabled' || delivery.state === 'skipped' ? logEvent : logWarning;
    log(event, { ...ids, state: delivery.state, transport: delivery.transport, reason: delivery.reason, devices: delivery.devices });
    return { skipped: false, delivery, status: invitation.status };
  };

  if (transport.name === 'disabled') {
    return finish(
      {
        state: 'disabled',
        transport: 'disabled',
        attemptedAt,
        devices: [],
        reason: 'PUSH_TRANSPORT is "disabled"; set it to "fcm" to push',
      },
      'invitation.push.disabled',
    );
  }
  const skip = plan.skip?.(invitation, deps.now());
  if (skip) {
    return finish(
      { state: skip.state, transport: transport.name, attemptedAt, devices: [], reason: skip.reason },
      skip.state === 'expired' ? 'invitation.push.expired' : 'invitation.push.skipped',
    );
  }

  const devices = await pushableDevices(store, invitation.calleeId);
  if (devices.length === 0) {
    return finish(
      {
        state: 'no_devices',
        transport: transport.name,
        attemptedAt,
        devices: [],
        reason: 'the callee has no device with an FCM token registered',
      },
      'invitation.push.no_devices',
    );
  }

  const nowMs = deps.now();
  const pushes: OutgoingPush[] = devices.map((device) => ({
    invitationId,
    kind,
    uid: invitation.calleeId,
    deviceId: device.deviceId,
    message: plan.message(invitation, device, nowMs),
  }));
  const results = await sendOrFail(transport, pushes, ids);
  const deviceResults = devices.map((device, index) => deviceResult(device, results[index]));
  await pruneDeadTokens(store, invitation.calleeId, devices, deviceResults, ids);

  const state = deliveryState(deviceResults);
  const event: LogEvent =
    state === 'sent' ? 'invitation.push.sent' : state === 'partial' ? 'invitation.push.partial' : 'invitation.push.failed';
  return finish({ state, transport: transport.name, attemptedAt, devices: deviceResults }, event);
}

/** Takes the lease on one kind of push in a transaction; undefined when another run has it or had it. */
async function claimDelivery(deps: DeliverPushDeps, invitationId: string, kind: PushKind): Promise<Invitation | undefined> {
  const ref = deps.store.invitation(invitationId);
  return ref.firestore.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) return undefined;
    const nowMs = deps.now();
    const current = currentDelivery(doc, kind);
    if (!mayClaimDelivery(current?.state, current?.claimedAt?.toMillis(), nowMs)) return undefined;
    tx.update(ref, { [deliveryField(kind)]: { state: 'sending', claimedAt: Timestamp.fromMillis(nowMs) } });
    return invitationFromDoc(invitationId, doc);
  });
}

export async function pushableDevices(store: Collections, uid: string): Promise<PushDevice[]> {
  const snapshot = await store.devices(uid).get();
  return snapshot.docs.flatMap((doc) => {
    const device = doc.data();
    if (!device.fcmToken) return [];
    return [
      { deviceId: doc.id, platform: device.platform, fcmToken: device.fcmToken, ...(device.locale ? { locale: device.locale } : {}) },
    ];
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
