import type { InvitationStatus, StopRingingReason } from '../contract/index.js';
import { callCancelledMessage, missedCallMessage, ongoingCallMessage } from '../domain/call-ended-messages.js';
import { pushesForChange } from '../domain/call-state.js';
import { type FcmDevice, callInvitationMessage } from '../domain/push-message.js';
import { voipRingRequest } from '../domain/voip-message.js';
import { type DeliverPushDeps, type DeliverPushOutcome, type PushPlan, type StatusPlans, deliverPush } from './deliver-push.js';

export type { DeliverPushDeps, DeliverPushOutcome } from './deliver-push.js';

const hasFcm = (device: { fcmToken?: string }): device is FcmDevice => Boolean(device.fcmToken);

/**
 * The ring itself: sent whatever the callee's presence, never for a call that no longer rings.
 * An iPhone with a PushKit token rings by VoIP push through APNs (CallKit); every other device
 * by FCM, in its ring style. Transient failures are retried while the call rings.
 */
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
  message(invitation, device, nowMs, settings) {
    if (device.platform === 'ios' && device.voipToken) {
      return {
        channel: 'apns',
        message: voipRingRequest(invitation, { ...device, voipToken: device.voipToken }, nowMs, settings.apnsBundleId),
      };
    }
    return hasFcm(device) ? { channel: 'fcm', message: callInvitationMessage(invitation, device, nowMs, settings) } : undefined;
  },
  retries: true,
};

/** Never by VoIP: iOS ends an app that gets a VoIP push without a new call to report. */
const stopRingingPlan = (reason: StopRingingReason): PushPlan => ({
  kind: 'call_cancelled',
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: callCancelledMessage(invitation, device, reason, nowMs) } : undefined,
});

const missedCallPlan = (reason: 'missed' | 'busy'): PushPlan => ({
  kind: 'missed_call',
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: missedCallMessage(invitation, device, reason, nowMs) } : undefined,
});

/** Group calls, when NOTIFY_MISSED_ONGOING_CALL is on: the call whose ring was missed is still going. */
const ongoingCallPlan: PushPlan = {
  kind: 'call_ongoing',
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: ongoingCallMessage(invitation, device, nowMs) } : undefined,
};

/** The status pushes a ring held back, sent by the ring's worker once the ring has left. */
const heldBackPlans: StatusPlans = (held) =>
  held.kind === 'missed_call' ? missedCallPlan('missed') : stopRingingPlan(held.stopReason ?? 'cancelled');

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
    const stopReason = push.kind === 'call_cancelled' ? push.reason : undefined;
    outcomes.push(await deliverPush(deps, invitationId, plan, heldBackPlans, stopReason === undefined ? {} : { stopReason }));
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
