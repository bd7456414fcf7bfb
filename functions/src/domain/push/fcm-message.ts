import type { FcmDevice, PushMessage } from './push-message.js';
import type { NotificationText } from './push-text.js';

/**
 * What one push says, whatever the platform: every kind of push (the ring, stop ringing, missed
 * call, still going, the test push) describes itself in these terms, and fcmMessage writes the
 * Android, APNs and web blocks from it. Each platform's shape is written once, there.
 */
export interface PushShape {
  /** FCM data: every value a string. */
  data: Record<string, string>;
  /** Shown by the system. Absent: data only, so the app's own code runs (an iOS background push). */
  text?: NotificationText;
  /** High priority on Android and web (APNs alerts are always 10, background pushes always 5). */
  urgent: boolean;
  /** How long FCM keeps it for a device that is offline. */
  ttlMs: number;
  /** When APNs drops it, epoch ms; absent: APNs keeps its own default. */
  apnsExpiresAtMs?: number;
  /** The notification's tag on Android and web, and the APNs collapse id: a later push with the same one replaces it. */
  tag?: string;
  /** Android: collapse queued pushes with the same tag (the ring and its stop-ringing push). */
  collapse?: boolean;
  /** Android: post it in this channel, at maximum priority, visible on the lock screen (the ring). */
  androidChannelId?: string;
  /** Web: the notification stays until the user acts on it (the ring). */
  requireInteraction?: boolean;
}

/** The FCM message of one push for one device. */
export function fcmMessage(device: FcmDevice, shape: PushShape): PushMessage {
  const message: PushMessage = { token: device.fcmToken, data: shape.data };
  // The push's kind (call_invitation, call_cancelled, missed_call, call_ongoing, test_push): FCM's
  // reports then count Beckon's pushes by kind, beside getDeliveryHealth's counts.
  if (shape.data.type) message.fcmOptions = { analyticsLabel: shape.data.type };
  switch (device.platform) {
    case 'android':
      message.android = androidBlock(shape);
      break;
    case 'ios':
      message.apns = apnsBlock(shape);
      break;
    case 'web':
      message.webpush = webBlock(shape);
      break;
  }
  return message;
}

function androidBlock(shape: PushShape): NonNullable<PushMessage['android']> {
  const { text, tag, androidChannelId } = shape;
  return {
    priority: shape.urgent ? 'high' : 'normal',
    ttl: shape.ttlMs,
    ...(shape.collapse && tag ? { collapseKey: tag } : {}),
    ...(text
      ? {
          notification: {
            ...text,
            ...(tag ? { tag } : {}),
            ...(androidChannelId ? { channelId: androidChannelId, priority: 'max' as const, visibility: 'public' as const } : {}),
          },
        }
      : {}),
  };
}

/** An alert (priority 10) when there is text; otherwise a background push, which APNs requires at priority 5. */
function apnsBlock(shape: PushShape): NonNullable<PushMessage['apns']> {
  const expiration: Record<string, string> =
    shape.apnsExpiresAtMs === undefined ? {} : { 'apns-expiration': String(Math.floor(shape.apnsExpiresAtMs / 1000)) };
  if (!shape.text) {
    return {
      headers: { 'apns-priority': '5', 'apns-push-type': 'background', ...expiration },
      payload: { aps: { contentAvailable: true } },
    };
  }
  return {
    headers: {
      'apns-priority': '10',
      'apns-push-type': 'alert',
      ...expiration,
      ...(shape.tag ? { 'apns-collapse-id': shape.tag } : {}),
    },
    payload: { aps: { alert: shape.text, sound: 'default' } },
  };
}

function webBlock(shape: PushShape): NonNullable<PushMessage['webpush']> {
  const { text, tag } = shape;
  return {
    headers: { TTL: String(Math.floor(shape.ttlMs / 1000)), Urgency: shape.urgent ? 'high' : 'normal' },
    ...(text
      ? { notification: { ...text, ...(tag ? { tag } : {}), ...(shape.requireInteraction ? { requireInteraction: true } : {}) } }
      : {}),
  };
}
