import { Timestamp } from 'firebase-admin/firestore';
import { deliveryState } from '../domain/push/delivery.js';
import { type PushKind, type PushPlan, statusPushOf, statusPushPlan } from '../domain/push/push-plans.js';
import type { Invitation } from '../domain/call/invitation.js';
import type { PushDevice } from '../domain/push/push-message.js';
import { DEFAULT_RING_SETTINGS, type RingSettings } from '../domain/push/ring-settings.js';
import type { RetryPolicy } from '../domain/push/retry-policy.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { type Claim, type ReleasedPush, recordDelivery, releaseRing } from '../adapters/firestore/delivery-records.js';
import type { DeliveryDoc } from '../adapters/firestore/documents.js';
import { pushableDevices } from '../adapters/firestore/pushable-devices.js';
import type { HealthCounting } from '../adapters/firestore/health-counters.js';
import { ringTally } from '../domain/health/ring-tally.js';
import type { PushTransport } from '../adapters/push/push-transport.js';
import { injectFault } from '../faults/fault-injection.js';
import { AFTER_SEND_WAITS_MS, retryPassingFailures } from './retry-passing-failures.js';
import { releasingOnThrow } from './release-on-throw.js';
import { type LogEvent, logEvent, logWarning } from '../logs.js';
import { pruneDeadTokens } from './prune-dead-tokens.js';
import { sendRounds, targetsFor } from './send-rounds.js';

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
  /** How the ring's outcome is counted in the fleet's delivery health; not counted when absent. */
  healthCounting?(): HealthCounting;
}

type Claimed = Extract<Claim, { kind: 'claimed' }>;
type Outcome = { skipped: false; delivery: DeliveryDoc; status: Invitation['status'] };

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
  // it waits releases it by that name. `claimedAt` stays beside `attemptedAt`: the claim's round
  // trip is the gap between them (docs/performance.md, the push step by step).
  const claimedAt = Timestamp.fromMillis(claim.claimedAtMs);
  const ours = (record: DeliveryDoc): DeliveryDoc => ({
    ...record,
    ...(takeovers > 0 ? { takeovers } : {}),
    leaseId: claim.leaseId,
    claimedAt,
  });
  const finish = (record: DeliveryDoc, event: LogEvent, rung?: readonly PushDevice[]) =>
    recordOutcome(deps, invitation, kind, ours(record), event, ids, rung);
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
  const outcome = await finish(
    { state, transport: transport.name, attemptedAt, devices, attempts: rounds.attempt },
    event,
    all.map((target) => target.device),
  );
  await pruneDeadTokens(deps.store, invitation.calleeId, targets, rounds.devices, ids);
  return outcome;
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
  rung?: readonly PushDevice[],
): Promise<Outcome> {
  // Once devices may have rung, a failed record would have a retry send again: a passing failure
  // of Firestore is tried again here first.
  if (kind === 'call_invitation') {
    const counting = deps.healthCounting?.();
    const lines = rung && counting ? ringTally(record.devices ?? [], new Map(rung.map((device) => [device.deviceId, device]))) : [];
    const tally = counting && lines.length > 0 ? { uid: invitation.calleeId, lines, counting } : undefined;
    const released = await retryPassingFailures(
      deps.sleep,
      () => releaseRing(deps.store, invitation.id, record, deps.now(), tally),
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
  const { held, invitation, ring, leaseId, claimedAtMs } = released;
  const ids = { invitationId: invitation.id, kind: held.kind, released: true };
  await releasingOnThrow(deps, { invitationId: invitation.id, kind: held.kind, leaseId }, ids, async () => {
    await injectFault('push.crash_after_claim', ids);
    await sendClaimed(deps, { kind: 'claimed', invitation, ring, takeovers: 0, leaseId, claimedAtMs }, statusPushPlan(statusPushOf(held)));
  });
}
