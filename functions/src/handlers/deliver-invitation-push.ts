import type { InvitationStatus, StopRingingReason } from '../contract/index.js';
import { callCancelledMessage, missedCallMessage } from '../domain/call-ended-messages.js';
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
  return outcomes;
}
