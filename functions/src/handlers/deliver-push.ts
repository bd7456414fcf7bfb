import { Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult, InvitationStatus } from '../contract/index.js';
import type { ChannelMessage, PushKind, PushPlan, RingOutcome } from '../domain/push-plans.js';
import { deliveryState, deviceResult, retriedResult } from '../domain/delivery.js';
import type { Invitation } from '../domain/invitation.js';
import type { PushDevice } from '../domain/push-message.js';
import { DEFAULT_RING_SETTINGS, type RingSettings } from '../domain/ring-settings.js';
import { RING_RETRY_POLICY, type RetryPolicy, nextRingAttempt } from '../domain/retry-policy.js';
import type { Collections } from '../adapters/firestore/collections.js';
import {
  type ReleasedPush,
  claimDelivery,
  claimRing,
  reclaimRingForRetry,
  recordDelivery,
  releaseRing,
} from '../adapters/firestore/delivery-records.js';
import type { DeliveryDoc } from '../adapters/firestore/documents.js';
import type { OutgoingPush, PushResult, PushTransport } from '../adapters/push/push-transport.js';
import { type LogEvent, logEvent, logFailure, logWarning } from '../logs.js';
import { pushableDevices } from '../adapters/firestore/pushable-devices.js';
import { type PushTarget, pruneDeadTokens } from './prune-dead-tokens.js';

export interface DeliverPushDeps {
  store: Collections;
  transport(): PushTransport;
  now(): number;
  /** The Android calls channel and the iOS bundle id; defaults suit tests that replay a trigger. */
  ringSettings?(): RingSettings;
  /** How transient failures of the ring are retried; RING_RETRY_POLICY when absent. */
  retryPolicy?(): RetryPolicy;
  /** Waits between retries; tests may pass a faster clock. */
  sleep?(ms: number): Promise<void>;
  random?(): number;
  /** NOTIFY_MISSED_ONGOING_CALL: a group callee who missed the ring learns the call is still going. */
  notifyOngoingCall?(): boolean;
}

export type DeliverPushOutcome =
  | { skipped: true }
  /** `status` is the invitation's status when the push was claimed. */
  | { skipped: false; delivery: DeliveryDoc; status: InvitationStatus };

/** The plans of the pushes a ring may have held back, by kind. */
export type StatusPlans = (released: ReleasedPush) => PushPlan;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends one kind of push of one invitation to every registered device of the callee, records the
 * outcome, then prunes dead tokens. Triggers are delivered at least once: a lease
 * on the delivery record makes a second run for the same invitation and kind send nothing.
 * `statusPlans` is how the ring sends the stop-ringing pushes that waited for it.
 */
export async function deliverPush(
  deps: DeliverPushDeps,
  invitationId: string,
  plan: PushPlan,
  statusPlans: StatusPlans,
  options: { stopReason?: Parameters<typeof claimDelivery>[4]; calleeId?: string } = {},
): Promise<DeliverPushOutcome> {
  // Known from the trigger's event, the callee's devices are read while the lease is taken: the
  // ring's worker waits for one round trip before it sends, not three.
  const devices = options.calleeId === undefined ? undefined : pushableDevices(deps.store, options.calleeId);
  devices?.catch(() => undefined);
  const claim =
    plan.kind === 'call_invitation'
      ? await claimRing(deps.store, invitationId, deps.now())
      : await claimDelivery(deps.store, invitationId, plan.kind, deps.now(), options.stopReason);
  if (claim.kind === 'duplicate') {
    logEvent('invitation.push.duplicate', { invitationId, kind: plan.kind });
    return { skipped: true };
  }
  if (claim.kind === 'deferred') {
    logEvent('invitation.push.deferred', { invitationId, kind: plan.kind, reason: 'the ring push is still in flight' });
    return { skipped: true };
  }
  // Devices read for another user than the invitation's (it cannot be, but the event is the
  // trigger's word, not the invitation's) are not used.
  const prefetched = options.calleeId === claim.invitation.calleeId ? devices : undefined;
  return sendClaimed(deps, claim.invitation, plan, statusPlans, prefetched, claim.ring);
}

async function sendClaimed(
  deps: DeliverPushDeps,
  invitation: Invitation,
  plan: PushPlan,
  statusPlans: StatusPlans,
  devicesRead?: Promise<PushDevice[]>,
  ring?: RingOutcome,
): Promise<DeliverPushOutcome> {
  const { kind } = plan;
  const ids = { invitationId: invitation.id, callerId: invitation.callerId, calleeId: invitation.calleeId, kind };
  const transport = deps.transport();
  const attemptedAt = Timestamp.fromMillis(deps.now());

  /** Records the ring (final or retrying) and sends, in order, the status pushes that waited for it. */
  const releaseRingAndSendHeld = async (record: DeliveryDoc) => {
    const released = await releaseRing(deps.store, invitation.id, record, deps.now());
    for (const held of released) await sendClaimed(deps, held.invitation, statusPlans(held), statusPlans, undefined, held.ring);
  };
  const finish = async (delivery: DeliveryDoc, event: LogEvent): Promise<DeliverPushOutcome> => {
    if (kind === 'call_invitation') {
      await releaseRingAndSendHeld(delivery);
    } else {
      await recordDelivery(deps.store, invitation.id, kind, delivery);
    }
    const ok = delivery.state === 'sent' || delivery.state === 'disabled' || delivery.state === 'skipped';
    const { state, transport: via, reason, devices, attempts } = delivery;
    (ok ? logEvent : logWarning)(event, { ...ids, state, transport: via, reason, devices, attempts });
    return { skipped: false, delivery, status: invitation.status };
  };
  const nothingSent = (state: DeliveryDoc['state'], reason: string, event: LogEvent) =>
    finish({ state, transport: transport.name, attemptedAt, devices: [], reason }, event);

  if (transport.name === 'disabled') {
    return nothingSent('disabled', 'PUSH_TRANSPORT is "disabled"; set it to "fcm" to push', 'invitation.push.disabled');
  }
  const skip = plan.skip?.(invitation, deps.now(), ring);
  if (skip) return nothingSent(skip.state, skip.reason, skip.state === 'expired' ? 'invitation.push.expired' : 'invitation.push.skipped');

  const settings = deps.ringSettings?.() ?? DEFAULT_RING_SETTINGS;
  const nowMs = deps.now();
  const targets: (PushTarget & ChannelMessage)[] = (await (devicesRead ?? pushableDevices(deps.store, invitation.calleeId))).flatMap(
    (device) => {
      const push = plan.message(invitation, device, nowMs, settings);
      return push ? [{ device, ...push }] : [];
    },
  );
  if (targets.length === 0) {
    const reason =
      kind === 'call_invitation'
        ? 'the callee has no device with an FCM or VoIP token registered'
        : 'the callee has no device with an FCM token registered (VoIP-only iPhones learn it from their listener)';
    return nothingSent('no_devices', reason, 'invitation.push.no_devices');
  }

  let attempt = 1;
  let results = await sendOrFail(transport, pushesFor(invitation, kind, targets, attempt), ids);
  const devices: DeviceDeliveryResult[] = targets.map((target, index) => ({
    ...deviceResult(target.device, results[index], target.channel),
    attempts: 1,
  }));
  const policy = plan.retries ? (deps.retryPolicy?.() ?? RING_RETRY_POLICY) : undefined;
  while (policy) {
    const next = nextRingAttempt(devices, attempt, policy, deps.now(), invitation.expiresAt, deps.random);
    if (next.kind === 'done') break;
    const { deviceIndexes: retryable, delayMs: delay } = next;
    const waiting: DeliveryDoc = {
      state: 'retrying',
      transport: transport.name,
      attemptedAt,
      devices,
      attempts: attempt,
      nextAttemptAt: Timestamp.fromMillis(deps.now() + delay),
    };
    // Not in flight while it waits: a stop-ringing push may go meanwhile, and then no retry will.
    await releaseRingAndSendHeld(waiting);
    logWarning('invitation.push.retrying', { ...ids, attempt, delayMs: delay, devices: retryable.map((i) => targets[i]?.device.deviceId) });
    await (deps.sleep ?? sleepFor)(delay);
    if (!(await reclaimRingForRetry(deps.store, invitation.id, deps.now()))) break;
    attempt += 1;
    // Built again, not resent: the ttl, the APNs expiration margin and sentAt count from now, so a
    // retried ring can never outlive the call.
    const retryNowMs = deps.now();
    const retried = retryable.flatMap((index) => {
      const { device } = targets[index] as PushTarget;
      const push = plan.message(invitation, device, retryNowMs, settings);
      return push ? [{ device, ...push }] : [];
    });
    results = await sendOrFail(transport, pushesFor(invitation, kind, retried, attempt), ids);
    retryable.forEach((index, i) => {
      const target = targets[index] as PushTarget & ChannelMessage;
      devices[index] = retriedResult(devices[index] as DeviceDeliveryResult, deviceResult(target.device, results[i], target.channel));
    });
  }

  const state = deliveryState(devices);
  const event: LogEvent =
    state === 'sent' ? 'invitation.push.sent' : state === 'partial' ? 'invitation.push.partial' : 'invitation.push.failed';
  // The outcome first: whatever happens while pruning, the record is final (never left `sending`)
  // and the lease is released, so no redelivered trigger sends again. Pruning never throws.
  const outcome = await finish({ state, transport: transport.name, attemptedAt, devices, attempts: attempt }, event);
  await pruneDeadTokens(deps.store, invitation.calleeId, targets, devices, ids);
  return outcome;
}

function pushesFor(invitation: Invitation, kind: PushKind, targets: (PushTarget & ChannelMessage)[], attempt: number): OutgoingPush[] {
  return targets.map((target) => ({
    invitationId: invitation.id,
    kind,
    uid: invitation.calleeId,
    deviceId: target.device.deviceId,
    attempt,
    ...(target.channel === 'fcm'
      ? { channel: 'fcm' as const, message: target.message }
      : { channel: 'apns' as const, message: target.message }),
  }));
}

/** A transport that fails as a whole (credentials, network) fails every device, not the trigger. */
async function sendOrFail(transport: PushTransport, pushes: OutgoingPush[], ids: Record<string, string>): Promise<PushResult[]> {
  try {
    return await transport.send(pushes);
  } catch (error) {
    logFailure('invitation.push.failed', error, ids);
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'beckon/transport-error';
    return pushes.map(() => ({ ok: false, errorCode: code }));
  }
}
