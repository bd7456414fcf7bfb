import { Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult } from '../contract/index.js';
import { PUSH_SEND_TIMEOUT_MS, deviceResult, retriedResult, withApnsEnvironmentMismatch } from '../domain/push/delivery.js';
import type { ChannelMessage, PushKind, PushPlan } from '../domain/push/push-plans.js';
import type { Invitation } from '../domain/call/invitation.js';
import type { PushDevice } from '../domain/push/push-message.js';
import type { RingSettings } from '../domain/push/ring-settings.js';
import { RING_RETRY_POLICY, nextRingAttempt } from '../domain/push/retry-policy.js';
import { reclaimRingForRetry } from '../adapters/firestore/delivery-records.js';
import type { OutgoingPush, PushResult, PushTransport } from '../adapters/push/push-transport.js';
import { injectFault } from '../faults/fault-injection.js';
import { logFailure, logWarning } from '../logs.js';
import type { PushTarget } from './prune-dead-tokens.js';
import type { DeliverPushDeps } from './send-claimed-push.js';
import { sleep as sleepFor } from '../sleep.js';

// The sending itself, for a claimed push (send-claimed-push.ts decides and records): the message
// of each device, the rounds of the ring's retries, and one send bounded by PUSH_SEND_TIMEOUT_MS.

export type Target = PushTarget & ChannelMessage;

export function targetsFor(plan: PushPlan, invitation: Invitation, devices: PushDevice[], nowMs: number, settings: RingSettings): Target[] {
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
export async function sendRounds(
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
    ...lineOf(target, results[index], settings),
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
      devices[index] = retriedResult(devices[index] as DeviceDeliveryResult, lineOf(target, results[i], settings));
    });
  }
  return { devices, attempt };
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

/** One device's line from what the push service answered, a token of the other APNs environment said as such. */
const lineOf = (target: Target, result: PushResult | undefined, settings: RingSettings): DeviceDeliveryResult =>
  withApnsEnvironmentMismatch(deviceResult(target.device, result, target.channel), target.device.apnsEnvironment, settings.apnsEnvironment);
