import type { InvitationStatus, StopRingingReason } from '../contract/index.js';
import { callCancelledMessage, missedCallMessage } from '../domain/call-ended-messages.js';
import { pushesForChange } from '../domain/call-state.js';
import { callInvitationMessage } from '../domain/push-message.js';
import { type DeliverPushDeps, type DeliverPushOutcome, type PushPlan, deliverPush } from './deliver-push.js';

export type { DeliverPushDeps, DeliverPushOutcome } from './deliver-push.js';

/** The ring itself: sent whatever the callee's presence, never for a call that no longer rings. */
export const callInvitationPlan: PushPlan = {
  kind: 'call_invitation',
  skip(invitation, nowMs) {
    if (invitation.status === 'busy')
      return { state: 'skipped', reason: 'the callee was in another call; a missed-call notification went instead' };
    if (invitation.status !== 'ringing')
      return { state: 'skipped', reason: `the call was ${invitation.status} before its push could be sent` };
    if (invitation.expiresAt <= nowMs) return { state: 'expired', reason: 'the call had stopped ringing before its push could be sent' };
    return undefined;
  },
  message: callInvitationMessage,
};

const stopRingingPlan = (reason: StopRingingReason): PushPlan => ({
  kind: 'call_cancelled',
  message: (invitation, device, nowMs) => callCancelledMessage(invitation, device, reason, nowMs),
});

const missedCallPlan = (reason: 'missed' | 'busy'): PushPlan => ({
  kind: 'missed_call',
  message: (invitation, device, nowMs) => missedCallMessage(invitation, device, reason, nowMs),
});

/** On creation: ring every device, or, for a callee who was busy, tell them of the missed call. */
export async function deliverInvitationPush(deps: DeliverPushDeps, invitationId: string): Promise<DeliverPushOutcome> {
  const outcome = await deliverPush(deps, invitationId, callInvitationPlan);
  if (!outcome.skipped && outcome.status === 'busy') {
    await deliverPush(deps, invitationId, missedCallPlan('busy'));
  }
  return outcome;
}

/** On a change of status: stop the ringing on every device, and tell of a missed call. */
export async function deliverCallStatusPush(
  deps: DeliverPushDeps,
  invitationId: string,
  before: InvitationStatus,
  after: InvitationStatus,
): Promise<DeliverPushOutcome[]> {
  const outcomes: DeliverPushOutcome[] = [];
  for (const push of pushesForChange(before, after)) {
    const plan = push.kind === 'missed_call' ? missedCallPlan('missed') : stopRingingPlan(push.reason);
    outcomes.push(await deliverPush(deps, invitationId, plan));
  }
  return outcomes;
}
