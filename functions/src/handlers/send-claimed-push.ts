import { Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult } from '../contract/index.js';
import { PUSH_SEND_TIMEOUT_MS, deliveryState, deviceResult, retriedResult } from '../domain/push/delivery.js';
import { type ChannelMessage, type PushKind, type PushPlan, statusPushOf, statusPushPlan } from '../domain/push/push-plans.js';
import type { Invitation } from '../domain/call/invitation.js';
import type { PushDevice } from '../domain/push/push-message.js';
import { DEFAULT_RING_SETTINGS, type RingSettings } from '../domain/push/ring-settings.js';
import { RING_RETRY_POLICY, type RetryPolicy, nextRingAttempt } from '../domain/push/retry-policy.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { type Claim, type ReleasedPush, recordDelivery, reclaimRingForRetry, releaseRing } from '../adapters/firestore/delivery-records.js';
import type { DeliveryDoc } from '../adapters/firestore/documents.js';
import { pushableDevices } from '../adapters/firestore/pushable-devices.js';
import type { OutgoingPush, PushResult, PushTransport } from '../adapters/push/push-transport.js';
import { injectFault } from '../faults/fault-injection.js';
import { AFTER_SEND_WAITS_MS, retryPassingFailures } from './retry-passing-failures.js';
import { releasingOnThrow } from './release-on-throw.js';
import { type LogEvent, logEvent, logFailure, logWarning } from '../logs.js';
import { type PushTarget, pruneDeadTokens } from './prune-dead-tokens.js';
import { sleep as sleepFor } from '../sleep.js';

export interface DeliverPushDeps {
  store: Collections;
  transport(): PushTransport;
  now(): number;
  /** The Android calls channel and the iOS bundle id; defaults suit tests that replay a trigger. */
  ringSettings?(): RingSettings;
  /** How transient failures of the ring are retried; RING_RETRY_POLICY when absent. */
  retryPolicy?(): RetryPolicy;
  /** Waits between retries and between looks at a held lease; tests may pass a faster clock. */
  sleep?(ms: number): Promise<void>;
  random?(): number;
  /** NOTIFY_MISSED_ONGOING_CALL: a group callee who missed the ring learns the call is still going. */
  notifyOngoingCall?(): boolean;
}

type Claimed = Extract<Claim, { kind: 'claimed' }>;
type Outcome = { skipped: false; delivery: DeliveryDoc; status: Invitation['status'] };
type Target = PushTarget & ChannelMessage;

/**
 * Sends a claimed push: decides whether to send at all, sends to every device the push has not
 * reached yet (a takeover skips those its dead worker reached), retries the ring's transient
 * failures while the call rings, records the outcome, and for the ring releases the status pushes
 * held back behind it. The outcome is recorded before pruning, so the record is never left `sending`.
 */
export async function sendClaimed(
  deps: DeliverPushDeps,
  claim: Claimed,
  plan: PushPlan,
  devicesRead?: Promise<PushDevice[]>,
): Promise<Outcome> {
  const { invitation, takeovers } = claim;
  const { kind } = plan;
  const ids = { invitationId: invitation.id, callerId: invitation.callerId, calleeId: invitation.calleeId, kind };
  const transport = deps.transport();
  const attemptedAt = Timestamp.fromMillis(deps.now());
  // Every record this worker writes names its lease: a `retrying` ring's worker that throws while
  // it waits releases it by that name.
  const ours = (record: DeliveryDoc): DeliveryDoc => ({ ...record, ...(takeovers > 0 ? { takeovers } : {}), leaseId: claim.leaseId });
  const finish = (record: DeliveryDoc, event: LogEvent) => recordOutcome(deps, invitation, kind, ours(record), event, ids);
  const nothingSent = (state: DeliveryDoc['state'], reason: string, event: LogEvent) =>
    finish({ state, transport: transport.name, attemptedAt, devices: [], reason }, event);

  if (transport.name === 'disabled') {
    return nothingSent('disabled', 'PUSH_TRANSPORT is "disabled"; set it to "fcm" to push', 'invitation.push.disabled');
  }
  const skip = plan.skip?.(invitation, deps.now(), claim.ring);
  if (skip) return nothingSent(skip.state, skip.reason, skip.state === 'expired' ? 'invitation.push.expired' : 'invitation.push.skipped');

  const settings = deps.ringSettings?.() ?? DEFAULT_RING_SETTINGS;
  const reached = (claim.previous?.devices ?? []).filter((device) => device.ok);
  const reachedIds = new Set(reached.map((device) => device.deviceId));
  const all = targetsFor(plan, invitation, await (devicesRead ?? pushableDevices(deps.store, invitation.calleeId)), deps.now(), settings);
  const targets = all.filter((target) => !reachedIds.has(target.device.deviceId));
  if (all.length === 0) {
    const reason =
      kind === 'call_invitation'
        ? 'the callee has no device with an FCM or VoIP token registered'
        : 'the callee has no device with an FCM token registered (VoIP-only iPhones learn it from their listener)';
    return nothingSent('no_devices', reason, 'invitation.push.no_devices');
  }

  const firstAttempt = (claim.previous?.attempts ?? 0) + 1;
  const rounds = await sendRounds(deps, plan, invitation, targets, settings, firstAttempt, ids, async (waiting) => {
    // Not in flight while it waits: a stop-ringing push may go meanwhile, and then no retry will.
    await finish(
      { ...waiting, transport: transport.name, attemptedAt, devices: [...reached, ...waiting.devices] },
      'invitation.push.retrying',
    );
  });
  const devices = [...reached, ...rounds.devices];
  const state = deliveryState(devices);
  const event: LogEvent =
    state === 'sent' ? 'invitation.push.sent' : state === 'partial' ? 'invitation.push.partial' : 'invitation.push.failed';
  const outcome = await finish({ state, transport: transport.name, attemptedAt, devices, attempts: rounds.attempt }, event);
  await pruneDeadTokens(deps.store, invitation.calleeId, targets, rounds.devices, ids);
  return outcome;
}

function targetsFor(plan: PushPlan, invitation: Invitation, devices: PushDevice[], nowMs: number, settings: RingSettings): Target[] {
  return devices.flatMap((device) => {
    const push = plan.message(invitation, device, nowMs, settings);
    return push ? [{ device, ...push }] : [];
  });
}

/**
 * The first round to every target and, for the ring, further rounds to the devices that failed
 * transiently, while the call rings. Between rounds the ring is recorded `retrying` (`wait`) and
 * taken back only if the call still rings.
 */
async function sendRounds(
  deps: DeliverPushDeps,
  plan: PushPlan,
  invitation: Invitation,
  targets: Target[],
  settings: RingSettings,
  firstAttempt: number,
  ids: Record<string, string>,
  wait: (record: { state: 'retrying'; devices: DeviceDeliveryResult[]; attempts: number; nextAttemptAt: Timestamp }) => Promise<void>,
): Promise<{ devices: DeviceDeliveryResult[]; attempt: number }> {
  const transport = deps.transport();
  let attempt = firstAttempt;
  let results = await sendOrFail(transport, pushesFor(invitation, plan.kind, targets, attempt), ids);
  const devices: DeviceDeliveryResult[] = targets.map((target, index) => ({
    ...deviceResult(target.device, results[index], target.channel),
    attempts: 1,
  }));
  const policy = plan.retries ? (deps.retryPolicy?.() ?? RING_RETRY_POLICY) : undefined;
  while (policy && targets.length > 0) {
    const next = nextRingAttempt(devices, attempt - firstAttempt + 1, policy, deps.now(), invitation.expiresAt, deps.random);
    if (next.kind === 'done') break;
    const { deviceIndexes: retryable, delayMs: delay } = next;
    await wait({ state: 'retrying', devices, attempts: attempt, nextAttemptAt: Timestamp.fromMillis(deps.now() + delay) });
    logWarning('invitation.push.retrying', { ...ids, attempt, delayMs: delay, devices: retryable.map((i) => targets[i]?.device.deviceId) });
    await (deps.sleep ?? sleepFor)(delay);
    if (!(await reclaimRingForRetry(deps.store, invitation.id, deps.now()))) break;
    attempt += 1;
    // Built again, not resent: the ttl, the APNs expiration margin and sentAt count from now, so a
    // retried ring can never outlive the call.
    const retried = targetsFor(
      plan,
      invitation,
      retryable.map((index) => (targets[index] as Target).device),
      deps.now(),
      settings,
    );
    results = await sendOrFail(transport, pushesFor(invitation, plan.kind, retried, attempt), ids);
    retryable.forEach((index, i) => {
      const target = targets[index] as Target;
      devices[index] = retriedResult(devices[index] as DeviceDeliveryResult, deviceResult(target.device, results[i], target.channel));
    });
  }
  return { devices, attempt };
}

/**
 * Records the outcome. For the ring, the same transaction claims the status pushes held back
 * behind it, which are sent next, in order; `retrying` releases them too (see sendRounds).
 */
async function recordOutcome(
  deps: DeliverPushDeps,
  invitation: Invitation,
  kind: PushKind,
  record: DeliveryDoc,
  event: LogEvent,
  ids: Record<string, string>,
): Promise<Outcome> {
  // Once devices may have rung, a failed record would have a retry send again: a passing failure
  // of Firestore is tried again here first.
  if (kind === 'call_invitation') {
    const released = await retryPassingFailures(
      deps.sleep,
      () => releaseRing(deps.store, invitation.id, record, deps.now()),
      AFTER_SEND_WAITS_MS,
    );
    for (const held of released) await sendReleased(deps, held);
  } else {
    await retryPassingFailures(deps.sleep, () => recordDelivery(deps.store, invitation.id, kind, record), AFTER_SEND_WAITS_MS);
  }
  if (record.state !== 'retrying') {
    const ok = record.state === 'sent' || record.state === 'disabled' || record.state === 'skipped';
    const { state, transport: via, reason, devices, attempts, takeovers } = record;
    (ok ? logEvent : logWarning)(event, { ...ids, state, transport: via, reason, devices, attempts, takeovers });
  }
  return { skipped: false, delivery: record, status: invitation.status };
}

/** A status push the ring's worker claimed for itself on releasing the ring. */
async function sendReleased(deps: DeliverPushDeps, released: ReleasedPush): Promise<void> {
  const { held, invitation, ring, leaseId } = released;
  const ids = { invitationId: invitation.id, kind: held.kind, released: true };
  await releasingOnThrow(deps, { invitationId: invitation.id, kind: held.kind, leaseId }, ids, async () => {
    await injectFault('push.crash_after_claim', ids);
    await sendClaimed(deps, { kind: 'claimed', invitation, ring, takeovers: 0, leaseId }, statusPushPlan(statusPushOf(held)));
  });
}

function pushesFor(invitation: Invitation, kind: PushKind, targets: Target[], attempt: number): OutgoingPush[] {
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

/**
 * A transport that fails as a whole (credentials, network) or does not answer within
 * PUSH_SEND_TIMEOUT_MS fails every device, not the trigger: the ring retries them. Once it
 * answered, `push.crash_after_send` may stand for a worker that died before recording the answer.
 */
async function sendOrFail(transport: PushTransport, pushes: OutgoingPush[], ids: Record<string, string>): Promise<PushResult[]> {
  let results: PushResult[];
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('no answer in time'), { code: 'beckon/send-timeout' })),
        PUSH_SEND_TIMEOUT_MS,
      );
    });
    results = await Promise.race([transport.send(pushes), timeout]);
  } catch (error) {
    logFailure('invitation.push.failed', error, ids);
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'beckon/transport-error';
    results = pushes.map(() => ({ ok: false, errorCode: code }));
  } finally {
    clearTimeout(timer);
  }
  if (pushes.length > 0) await injectFault('push.crash_after_send', { ...ids, attempt: pushes[0]?.attempt });
  return results;
}
