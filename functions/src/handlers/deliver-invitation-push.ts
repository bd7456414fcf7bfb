import type { InvitationStatus } from '../contract/index.js';
import { callInvitationPlan, missedCallPlan, ongoingCallPlan, pushesForChange, stopRingingPlan } from '../domain/push-plans.js';
import { type DeliverPushDeps, type DeliverPushOutcome, type StatusPlans, deliverPush } from './deliver-push.js';

export type { DeliverPushDeps, DeliverPushOutcome } from './deliver-push.js';

/** The status pushes a ring held back, sent by the ring's worker once the ring has left. */
const heldBackPlans: StatusPlans = (held) =>
  held.kind === 'missed_call'
    ? missedCallPlan(held.stopReason === 'cancelled' || held.stopReason === 'busy' ? held.stopReason : 'missed')
    : stopRingingPlan(held.stopReason ?? 'cancelled');

/**
 * On creation: ring every device, or, for a callee who was busy, tell them of the missed call.
 * `calleeId`, from the trigger's event, lets the devices be read while the lease is taken.
 */
export async function deliverInvitationPush(deps: DeliverPushDeps, invitationId: string, calleeId?: string): Promise<DeliverPushOutcome> {
  const outcome = await deliverPush(deps, invitationId, callInvitationPlan, heldBackPlans, calleeId === undefined ? {} : { calleeId });
  if (!outcome.skipped && outcome.status === 'busy') {
    await deliverPush(deps, invitationId, missedCallPlan('busy'), heldBackPlans);
  }
  return outcome;
}

/** On a change of status: stop the ringing on every device, and tell of a missed call (timed out, or hung up on after it rang). */
export async function deliverCallStatusPush(
  deps: DeliverPushDeps,
  invitationId: string,
  before: InvitationStatus,
  after: InvitationStatus,
): Promise<DeliverPushOutcome[]> {
  const outcomes: DeliverPushOutcome[] = [];
  for (const push of pushesForChange(before, after)) {
    const plan = push.kind === 'missed_call' ? missedCallPlan(push.reason) : stopRingingPlan(push.reason);
    // Kept on a record held back behind the ring, so the ring's worker sends the right one.
    outcomes.push(await deliverPush(deps, invitationId, plan, heldBackPlans, { stopReason: push.reason }));
  }
  // Only after a missed-call notification that went out (one held back behind a ring still in
  // flight, which is rare, gets no follow-up).
  const missedSent = after === 'missed' && outcomes.at(-1)?.skipped === false;
  if (missedSent && deps.notifyOngoingCall?.()) outcomes.push(...(await deliverOngoingCallPush(deps, invitationId)));
  return outcomes;
}

/** "Still going, tap to join", to a group callee whose ring timed out while the call is active. */
async function deliverOngoingCallPush(deps: DeliverPushDeps, invitationId: string): Promise<DeliverPushOutcome[]> {
  const callId = (await deps.store.invitation(invitationId).get()).data()?.callId;
  if (callId === undefined || callId === invitationId) return [];
  const call = (await deps.store.call(callId).get()).data();
  if (call?.status !== 'active') return [];
  return [await deliverPush(deps, invitationId, ongoingCallPlan, heldBackPlans)];
}
