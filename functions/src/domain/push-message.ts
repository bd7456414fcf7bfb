import type { CallInvitationPushData, Platform } from '../contract/index.js';
import type { Invitation } from './invitation.js';
import { callInvitationText } from './push-text.js';

/**
 * The FCM message for one device, shaped exactly as firebase-admin's `TokenMessage` so the FCM
 * transport passes it to `sendEach` untouched and the emulator transport stores what would be sent.
 */
export interface PushMessage {
  token: string;
  data: Record<string, string>;
  android?: {
    priority: 'high' | 'normal';
    ttl: number;
    collapseKey?: string;
    notification?: { title: string; body: string; tag?: string };
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

export interface PushDevice {
  deviceId: string;
  platform: Platform;
  fcmToken: string;
  locale?: string;
}

export function callInvitationPushData(invitation: Invitation): CallInvitationPushData {
  return {
    type: 'call_invitation',
    invitationId: invitation.id,
    conversationId: invitation.conversationId,
    callerId: invitation.callerId,
    callerName: invitation.callerName,
    callType: invitation.callType,
    roomId: invitation.roomId,
    expiresAt: String(invitation.expiresAt),
  };
}

/**
 * A call push must never ring after the call stopped ringing: every platform gets an expiry at
 * `expiresAt`, so FCM and APNs drop it instead of delivering a "ghost" call late.
 */
export function callInvitationMessage(invitation: Invitation, device: PushDevice, nowMs: number): PushMessage {
  const data = callInvitationPushData(invitation);
  const text = callInvitationText(device.locale, invitation.callerName, invitation.callType);
  const ttlMs = Math.max(0, invitation.expiresAt - nowMs);
  const message: PushMessage = { token: device.fcmToken, data };
  switch (device.platform) {
    case 'android':
      message.android = {
        priority: 'high',
        ttl: ttlMs,
        collapseKey: invitation.id,
        notification: { ...text, tag: invitation.id },
      };
      break;
    case 'ios':
      message.apns = {
        headers: {
          'apns-priority': '10',
          'apns-push-type': 'alert',
          'apns-expiration': String(Math.floor(invitation.expiresAt / 1000)),
          'apns-collapse-id': invitation.id,
        },
        payload: { aps: { alert: text, sound: 'default' } },
      };
      break;
    case 'web':
      message.webpush = {
        headers: { TTL: String(Math.floor(ttlMs / 1000)), Urgency: 'high' },
        notification: { ...text, tag: invitation.id, requireInteraction: true },
      };
      break;
  }
  return message;
}
