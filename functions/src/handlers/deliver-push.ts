import type { InvitationStatus } from '../contract/index.js';
import { DELIVERY_LEASE_MS } from '../domain/push/delivery.js';
import type { PushKind, PushPlan } from '../domain/push/push-plans.js';
import { type Claim, type HeldPush, claimDelivery, claimRing } from '../adapters/firestore/delivery-records.js';
import { pushableDevices } from '../adapters/firestore/pushable-devices.js';
import type { DeliveryDoc } from '../adapters/firestore/documents.js';
import { injectFault } from '../faults/fault-injection.js';
import { logEvent, logWarning } from '../logs.js';
import { type DeliverPushDeps, sendClaimed } from './send-claimed-push.js';
import { retryPassingFailures } from './retry-passing-failures.js';
import { releasingOnThrow } from './release-on-throw.js';
import { sleep as sleepFor } from '../sleep.js';

export type { DeliverPushDeps } from './send-claimed-push.js';

export type DeliverPushOutcome =
  /**
   * `status`: the invitation's, when the claim read it; `duplicate`: an earlier run (this event
   * delivered before, or a worker that died after) had already done this push.
   */
  | { skipped: true; status?: InvitationStatus; duplicate?: true }
  /** `status` is the invitation's status when the push was claimed. */
  | { skipped: false; delivery: DeliveryDoc; status: InvitationStatus };

/** A live lease held longer than a worker may wait for it: the event is retried later. */
export class LeaseHeld extends Error {
  override readonly name = 'LeaseHeld';
}

/** How long a worker waits between looks at a lease another worker holds: a duplicate usually finds it done at the first. */
const LEASE_WAITS_MS = [250, 500, 1_000, 2_000];

/**
 * Sends one kind of push of one invitation to every registered device of the callee, records the
 * outcome, then prunes dead tokens. Triggers are delivered at least once and retried after a
 * failure: a lease on the delivery record makes a second run send nothing, and lets a retry take
 * over from a worker that died holding it, or at once from one that threw and released it
 * (handlers/send-claimed-push.ts sends).
 */
export async function deliverPush(
  deps: DeliverPushDeps,
  invitationId: string,
  plan: PushPlan,
  options: { heldPush?: HeldPush; calleeId?: string } = {},
): Promise<DeliverPushOutcome> {
  // Known from the trigger's event, the callee's devices are read while the lease is taken: the
  // ring's worker waits for one round trip before it sends, not three.
  const devices = options.calleeId === undefined ? undefined : pushableDevices(deps.store, options.calleeId);
  devices?.catch(() => undefined);
  const claim = await claimWithLease(deps, invitationId, plan.kind, options.heldPush);
  if (claim.kind === 'duplicate') {
    logEvent('invitation.push.duplicate', { invitationId, kind: plan.kind });
    return { skipped: true, duplicate: true, ...(claim.status ? { status: claim.status } : {}) };
  }
  if (claim.kind === 'deferred') {
    logEvent('invitation.push.deferred', { invitationId, kind: plan.kind, reason: 'the ring push is still in flight' });
    return { skipped: true };
  }
  const ids = { invitationId, callerId: claim.invitation.callerId, calleeId: claim.invitation.calleeId, kind: plan.kind };
  if (claim.previous) logWarning('invitation.push.takeover', { ...ids, takeovers: claim.takeovers, from: claim.previous.state });
  // Devices read for another user than the invitation's (it cannot be, but the event is the
  // trigger's word, not the invitation's) are not used.
  const prefetched = options.calleeId === claim.invitation.calleeId ? devices : undefined;
  return releasingOnThrow(deps, { invitationId, kind: plan.kind, leaseId: claim.leaseId }, ids, async () => {
    await injectFault('push.crash_after_claim', ids);
    return sendClaimed(deps, claim, plan, prefetched);
  });
}

/**
 * Claims the record, waiting while a live worker holds it: a duplicate delivery then finds the
 * work done, and a retry takes over once the lease of a worker that died runs out. A lease longer
 * than one wait (a ring retrying far ahead) is left to the event's own retry.
 */
async function claimWithLease(
  deps: DeliverPushDeps,
  invitationId: string,
  kind: PushKind,
  heldPush?: HeldPush,
): Promise<Exclude<Claim, { kind: 'held' }>> {
  const sleep = deps.sleep ?? sleepFor;
  for (let round = 0; ; round++) {
    const claim = await retryPassingFailures(deps.sleep, () =>
      kind === 'call_invitation' && round === 0
        ? claimRing(deps.store, invitationId, deps.now())
        : claimDelivery(deps.store, invitationId, kind, deps.now(), heldPush),
    );
    if (claim.kind !== 'held') return claim;
    const leftMs = claim.untilMs - deps.now();
    if (leftMs > DELIVERY_LEASE_MS + 1_000 || round > 40) {
      throw new LeaseHeld(`the ${kind} push of ${invitationId} is leased to another worker for ${Math.round(leftMs / 1000)} s more`);
    }
    if (round === 0) logEvent('invitation.push.lease_held', { invitationId, kind, leftMs });
    await sleep(Math.max(50, Math.min(LEASE_WAITS_MS[Math.min(round, LEASE_WAITS_MS.length - 1)] ?? 2_000, leftMs + 50)));
  }
}
