import type { InvitationStatus } from '../contract/index.js';
import {
  callInvitationPlan,
  missedCallPlan,
  ongoingCallPlan,
  pushesForChange,
  statusPushOf,
  statusPushPlan,
} from '../domain/push/push-plans.js';
import { unrecordedHeldPushes } from '../adapters/firestore/delivery-records.js';
import { type DeliverPushDeps, type DeliverPushOutcome, deliverPush } from './deliver-push.js';

export type { DeliverPushDeps, DeliverPushOutcome } from './deliver-push.js';

/**
 * On creation: ring every device, or, for a callee who was busy, tell them of the missed call.
 * `calleeId`, from the trigger's event, lets the devices be read while the lease is taken. Safe to
 * run again: a retry finishes what a worker that died left, and sends nothing twice it recorded.
 */
export async function deliverInvitationPush(deps: DeliverPushDeps, invitationId: string, calleeId?: string): Promise<DeliverPushOutcome> {
  const outcome = await deliverPush(deps, invitationId, callInvitationPlan, calleeId === undefined ? {} : { calleeId });
  if (outcome.skipped && outcome.status !== undefined) {
    // The ring was done before this run: its worker may have died after releasing the held-back
    // status pushes and before sending them, and no other event will come for those.
    for (const heldPush of await unrecordedHeldPushes(deps.store, invitationId)) {
      await deliverPush(deps, invitationId, statusPushPlan(statusPushOf(heldPush)), { heldPush });
    }
  }
  if (outcome.status === 'busy') await deliverPush(deps, invitationId, missedCallPlan('busy'));
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
    // Kept on a record held back behind the ring, so the ring's worker sends the right one.
    outcomes.push(await deliverPush(deps, invitationId, statusPushPlan(push), { heldPush: push }));
  }
  // Only after a missed-call notification that went out, in this run or an earlier one: a worker
  // that died between the two leaves the follow-up to the event's retry, which finds the notice
  // done. (One held back behind a ring still in flight, which is rare, gets no follow-up.)
  const notice = outcomes.at(-1);
  const missedSent = after === 'missed' && notice !== undefined && (!notice.skipped || notice.duplicate === true);
  if (missedSent && deps.notifyOngoingCall?.()) outcomes.push(...(await deliverOngoingCallPush(deps, invitationId)));
  return outcomes;
}

/** "Still going, tap to join", to a group callee whose ring timed out while the call is active. */
async function deliverOngoingCallPush(deps: DeliverPushDeps, invitationId: string): Promise<DeliverPushOutcome[]> {
  const callId = (await deps.store.invitation(invitationId).get()).data()?.callId;
  if (callId === undefined || callId === invitationId) return [];
  const call = (await deps.store.call(callId).get()).data();
  if (call?.status !== 'active') return [];
  return [await deliverPush(deps, invitationId, ongoingCallPlan)];
}
