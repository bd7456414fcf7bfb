import type { CallInvitationPushData, Platform, RingStyle } from '../../contract/index.js';
import { DEFAULT_RING_SETTINGS, type RingSettings } from './ring-settings.js';
import { fcmMessage } from './fcm-message.js';
import type { Invitation } from '../call/invitation.js';
import { callInvitationText } from './push-text.js';

/**
 * The FCM message for one device, shaped exactly as firebase-admin's `TokenMessage` so the FCM
 * transport passes it to `sendEach` untouched and the emulator transport stores what would be sent.
 */
export interface PushMessage {
  token: string;
  data: Record<string, string>;
  /** FCM's own delivery reports (the console, the Data API, the BigQuery export) count pushes by this label: the push's kind. */
  fcmOptions?: { analyticsLabel: string };
  android?: {
    priority: 'high' | 'normal';
    ttl: number;
    collapseKey?: string;
    notification?: {
      title: string;
      body: string;
      tag?: string;
      channelId?: string;
      priority?: 'min' | 'low' | 'default' | 'high' | 'max';
      visibility?: 'private' | 'public' | 'secret';
    };
  };
  apns?: {
    headers: Record<string, string>;
    payload: { aps: { alert?: { title: string; body: string }; sound?: string; contentAvailable?: boolean } };
  };
  webpush?: {
    headers: Record<string, string>;
    notification?: { title: string; body: string; tag?: string; requireInteraction?: boolean };
  };
}

/** A device as the push code sees it: at least one token, and how it wants to ring. */
export interface PushDevice {
  deviceId: string;
  platform: Platform;
  fcmToken?: string;
  /** iOS PushKit token: the ring goes by VoIP push through APNs. */
  voipToken?: string;
  /** Absent on devices registered before ring styles existed: `notification`. */
  ringStyle?: RingStyle;
  locale?: string;
  /** As the app registered it: what the fleet's delivery health counts the ring by. */
  appVersion?: string;
  /** iOS: the environment of the VoIP token, when the app said. */
  apnsEnvironment?: 'sandbox' | 'production';
}

/** A device that FCM can reach. */
export type FcmDevice = PushDevice & { fcmToken: string };

/** The ring's data, as every channel carries it; `sentAt` where the app builds its own call screen. */
export function callInvitationPushData(invitation: Invitation, sentAtMs?: number): CallInvitationPushData {
  return {
    type: 'call_invitation',
    invitationId: invitation.id,
    conversationId: invitation.conversationId,
    callerId: invitation.callerId,
    callerName: invitation.callerName,
    callType: invitation.callType,
    roomId: invitation.roomId,
    expiresAt: String(invitation.expiresAt),
    ...(invitation.callerPhotoURL ? { callerPhotoURL: invitation.callerPhotoURL } : {}),
    ...(sentAtMs === undefined ? {} : { sentAt: String(sentAtMs) }),
    // Group calls only: a one-to-one call's id is its invitation's, and its push stays as it was.
    ...(invitation.callId === invitation.id ? {} : { callId: invitation.callId }),
    ...(invitation.callWaiting ? { callWaiting: 'true' as const } : {}),
  };
}

/** FCM data values must all be strings: drops the optional fields that are absent. */
export const fcmData = (data: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => entry[1] !== undefined));

/**
 * A call push must never ring after the call stopped ringing: every platform gets an expiry at
 * `expiresAt`, so FCM and APNs drop it instead of delivering a "ghost" call late.
 *
 * `notification` style: the system draws the notification (on Android in the calls channel, at
 * maximum priority, visible on the lock screen). `native` style: data only, so the app's
 * messaging service runs even when the app was killed and posts its own full-screen call UI.
 */
export function callInvitationMessage(
  invitation: Invitation,
  device: FcmDevice,
  nowMs: number,
  settings: RingSettings = DEFAULT_RING_SETTINGS,
): PushMessage {
  const native = device.ringStyle === 'native' && device.platform !== 'ios';
  return fcmMessage(device, {
    data: fcmData(callInvitationPushData(invitation, native ? nowMs : undefined)),
    ...(native ? {} : { text: callInvitationText(device.locale, invitation.callerName, invitation.callType) }),
    urgent: true,
    ttlMs: Math.max(0, invitation.expiresAt - nowMs),
    apnsExpiresAtMs: invitation.expiresAt,
    tag: invitation.id,
    collapse: true,
    androidChannelId: settings.androidChannelId,
    requireInteraction: true,
  });
}
