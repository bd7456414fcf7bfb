import type { DeviceDeliveryResult, InvitationStatus, MissedCallReason, StopRingingReason } from '../../contract/index.js';
import { callCancelledMessage, missedCallMessage, ongoingCallMessage } from './status-push-messages.js';
import type { Invitation } from '../call/invitation.js';
import { type FcmDevice, type PushDevice, type PushMessage, callInvitationMessage } from './push-message.js';
import type { RingSettings } from './ring-settings.js';
import { type ApnsRequest, voipRingRequest } from './voip-message.js';

// What each kind of push is: when a change of a call's status calls for one, whether to send it at
// all, and the message for each device. Pure: handlers/deliver-push.ts claims, sends and records.

/** `call_ongoing`: group calls only, the optional "still going, tap to join" after a missed ring. */
export type PushKind = 'call_invitation' | 'call_cancelled' | 'missed_call' | 'call_ongoing';
export type StatusPush = { kind: 'call_cancelled'; reason: StopRingingReason } | { kind: 'missed_call'; reason: MissedCallReason };

/**
 * The pushes a change of status calls for: stop the ringing everywhere, and tell of a missed call
 * (a ring that timed out, one the caller hung up on, or one that rang while the callee answered
 * another: as on any phone, a call that rang and was cancelled is a missed call; whether it rang
 * at all is the missed-call plan's to say).
 */
export function pushesForChange(before: InvitationStatus, after: InvitationStatus): StatusPush[] {
  if (before !== 'ringing' || after === 'ringing') return [];
  switch (after) {
    case 'accepted':
      return [{ kind: 'call_cancelled', reason: 'answered_elsewhere' }];
    case 'declined':
      return [{ kind: 'call_cancelled', reason: 'declined' }];
    case 'cancelled':
      return [
        { kind: 'call_cancelled', reason: 'cancelled' },
        { kind: 'missed_call', reason: 'cancelled' },
      ];
    case 'missed':
      return [
        { kind: 'call_cancelled', reason: 'missed' },
        { kind: 'missed_call', reason: 'missed' },
      ];
    // The callee answered another call while this one rang: it stops, and shows as missed (busy).
    case 'busy':
      return [
        { kind: 'call_cancelled', reason: 'busy' },
        { kind: 'missed_call', reason: 'busy' },
      ];
    default:
      return [];
  }
}

/** What the ring push did, as far as the pushes after it need to know: a device result each (none while it was only claimed). */
export interface RingOutcome {
  devices?: Pick<DeviceDeliveryResult, 'ok'>[];
}

/** One push for one device: the channel it leaves by and the message in that channel's shape. */
export type ChannelMessage = { channel: 'fcm'; message: PushMessage } | { channel: 'apns'; message: ApnsRequest };

/** What one kind of push needs: whether to send at all, and the message for each device. */
export interface PushPlan {
  kind: PushKind;
  /**
   * A reason to record instead of sending, decided on the invitation as claimed and, for a push
   * that follows the ring, on what the ring did (its record as the claim read it or released it).
   */
  skip?(invitation: Invitation, nowMs: number, ring?: RingOutcome): { state: 'skipped' | 'expired'; reason: string } | undefined;
  /** The push for one device, or undefined when this kind never goes to such a device. */
  message(invitation: Invitation, device: PushDevice, nowMs: number, settings: RingSettings): ChannelMessage | undefined;
  /** True for the ring: transient failures are tried again while the call rings. */
  retries?: boolean;
}

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

/**
 * How long after a ring's `expiresAt` a stop-ringing push is still worth sending. Every device
 * stops ringing at `expiresAt` by itself (the push's ttl and the app's own timer); the normal stop
 * of a missed call leaves just after it. One retried later than this can stop nothing.
 */
export const STOP_RINGING_GRACE_MS = 30_000;

/** Never by VoIP: iOS ends an app that gets a VoIP push without a new call to report. */
export const stopRingingPlan = (reason: StopRingingReason): PushPlan => ({
  kind: 'call_cancelled',
  skip: (invitation, nowMs) =>
    nowMs > invitation.expiresAt + STOP_RINGING_GRACE_MS
      ? { state: 'expired', reason: 'the ring had already expired on every device: there was nothing left to stop' }
      : undefined,
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: callCancelledMessage(invitation, device, reason, nowMs) } : undefined,
});

/**
 * The visible missed-call notice. For a cancelled call only when its ring reached a device: a call
 * cancelled before any ring left showed nothing, so there is nothing to have missed.
 */
export const missedCallPlan = (reason: MissedCallReason): PushPlan => ({
  kind: 'missed_call',
  skip: (_invitation, _nowMs, ring) =>
    reason === 'cancelled' && !ring?.devices?.some((device) => device.ok)
      ? { state: 'skipped', reason: 'the call was cancelled before its ring reached any device: nothing rang' }
      : undefined,
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: missedCallMessage(invitation, device, reason, nowMs) } : undefined,
});

/** A status push as a held-back record keeps it (a stop-ringing reason for either kind). */
export function statusPushOf(held: { kind: StatusPush['kind']; reason: StopRingingReason }): StatusPush {
  if (held.kind === 'call_cancelled') return { kind: 'call_cancelled', reason: held.reason };
  return { kind: 'missed_call', reason: held.reason === 'cancelled' || held.reason === 'busy' ? held.reason : 'missed' };
}

/** The plan of a status push, whether its own trigger sends it or the ring's worker releases it. */
export const statusPushPlan = (push: StatusPush): PushPlan =>
  push.kind === 'missed_call' ? missedCallPlan(push.reason) : stopRingingPlan(push.reason);

/** Group calls, when NOTIFY_MISSED_ONGOING_CALL is on: the call whose ring was missed is still going. */
export const ongoingCallPlan: PushPlan = {
  kind: 'call_ongoing',
  message: (invitation, device, nowMs) =>
    hasFcm(device) ? { channel: 'fcm', message: ongoingCallMessage(invitation, device, nowMs) } : undefined,
};
