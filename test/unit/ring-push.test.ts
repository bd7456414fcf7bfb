import { describe, expect, it } from 'vitest';
import { registerDeviceRequestSchema } from '../../functions/src/contract/index.js';
import { newInvitation } from '../../functions/src/domain/call/invitation.js';
import { callInvitationMessage } from '../../functions/src/domain/push/push-message.js';
import { RING_RETRY_POLICY, nextRetryDelayMs, nextRingAttempt, ringRetryPolicy } from '../../functions/src/domain/push/retry-policy.js';
import { APNS_VOIP_PAYLOAD_LIMIT_BYTES, fitVoipPayload, voipRingRequest } from '../../functions/src/domain/push/voip-message.js';
import { isRetryable, pushErrorKind, retriedResult } from '../../functions/src/domain/push/delivery.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const { invitation } = newInvitation({
  invitationId: 'inv-1',
  callId: 'inv-1',
  messageId: 'msg-1',
  roomId: 'room-1',
  conversationId: 'conv-1',
  callerId: 'alice',
  callerName: 'Alice',
  callerPhotoURL: 'https://example.com/alice.png',
  calleeId: 'bob',
  callType: 'audio',
  calleeOnline: false,
  nowMs: NOW,
  ringTimeoutMs: 45_000,
});
const settings = { androidChannelId: 'calls', apnsBundleId: 'com.acme.chat' };
const callData = {
  type: 'call_invitation',
  invitationId: 'inv-1',
  conversationId: 'conv-1',
  callerId: 'alice',
  callerName: 'Alice',
  callType: 'audio',
  roomId: 'room-1',
  expiresAt: String(NOW + 45_000),
  callerPhotoURL: 'https://example.com/alice.png',
};

describe('ring styles', () => {
  it('rings a native Android device with a data-only, high-priority message that carries the whole call screen', () => {
    const message = callInvitationMessage(
      invitation,
      { deviceId: 'd', platform: 'android', fcmToken: 't', ringStyle: 'native' },
      NOW + 1_000,
      settings,
    );
    expect(message).toEqual({
      token: 't',
      data: { ...callData, sentAt: String(NOW + 1_000) },
      fcmOptions: { analyticsLabel: 'call_invitation' },
      android: { priority: 'high', ttl: 44_000, collapseKey: 'inv-1' },
    });
  });

  it('posts a notification-style Android ring in the calls channel, at maximum priority, visible on the lock screen', () => {
    const message = callInvitationMessage(invitation, { deviceId: 'd', platform: 'android', fcmToken: 't' }, NOW, settings);
    expect(message.android?.notification).toMatchObject({ channelId: 'calls', priority: 'max', visibility: 'public', tag: 'inv-1' });
    expect(message.data).toEqual(callData);
  });

  it('leaves a native web ring to the service worker: no notification block', () => {
    const message = callInvitationMessage(
      invitation,
      { deviceId: 'd', platform: 'web', fcmToken: 't', ringStyle: 'native' },
      NOW,
      settings,
    );
    expect(message.webpush).toEqual({ headers: { TTL: '45', Urgency: 'high' } });
    expect(message.data.sentAt).toBe(String(NOW));
  });
});

describe('the VoIP ring', () => {
  it('goes to <bundleId>.voip with priority 10, expiring with the call, with the call in the payload', () => {
    const request = voipRingRequest(invitation, { deviceId: 'd', platform: 'ios', voipToken: 'ab'.repeat(32) }, NOW + 500, 'com.acme.chat');
    expect(request).toEqual({
      token: 'ab'.repeat(32),
      headers: {
        'apns-push-type': 'voip',
        'apns-topic': 'com.acme.chat.voip',
        'apns-priority': '10',
        'apns-expiration': String(Math.floor((NOW + 45_000) / 1000)),
      },
      payload: { aps: {}, ...callData, sentAt: String(NOW + 500) },
    });
  });

  it('stays under the 5 KB limit: drops the photo, then shortens the name, and keeps the ids', () => {
    const payload = { aps: {}, ...callData, callerPhotoURL: `https://x/${'p'.repeat(3_000)}`, callerName: '名'.repeat(2_000) };
    const fitted = fitVoipPayload(payload);
    expect(new TextEncoder().encode(JSON.stringify(fitted)).length).toBeLessThanOrEqual(APNS_VOIP_PAYLOAD_LIMIT_BYTES);
    expect(fitted.callerPhotoURL).toBeUndefined();
    expect(String(fitted.callerName).length).toBeGreaterThan(1_500);
    expect(fitted).toMatchObject({ invitationId: 'inv-1', roomId: 'room-1', expiresAt: String(NOW + 45_000) });
    expect(fitVoipPayload({ aps: {}, ...callData })).toEqual({ aps: {}, ...callData });
  });
});

describe('registerDevice requests', () => {
  const parse = (data: unknown) => registerDeviceRequestSchema.safeParse(data);
  it('takes a VoIP token on iOS, beside or instead of the FCM token, lower-cased', () => {
    const parsed = parse({ deviceId: 'd', platform: 'ios', voipToken: 'AB'.repeat(32) });
    expect(parsed.success && parsed.data).toMatchObject({ voipToken: 'ab'.repeat(32), ringStyle: 'notification' });
    expect(parse({ deviceId: 'd', platform: 'ios', fcmToken: 'f', voipToken: 'fake-apns-x' }).success).toBe(true);
  });

  it('refuses a VoIP token that is not hex, one on Android, and a device with no token at all', () => {
    const fields = (data: unknown) => {
      const parsed = parse(data);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(fields({ deviceId: 'd', platform: 'ios', voipToken: '<ab12 cd34>' })).toEqual(['voipToken']);
    expect(fields({ deviceId: 'd', platform: 'android', fcmToken: 'f', voipToken: 'ab'.repeat(32) })).toEqual(['voipToken']);
    expect(fields({ deviceId: 'd', platform: 'ios' })).toEqual(['fcmToken']);
    expect(fields({ deviceId: 'd', platform: 'android', fcmToken: 'f', ringStyle: 'loud' })).toEqual(['ringStyle']);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, a bounded number of times', () => {
    const far = NOW + 60_000;
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 1, NOW, far, () => 0)).toBe(500);
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 1, NOW, far, () => 1)).toBe(1_000);
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 2, NOW, far, () => 1)).toBe(2_000);
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 3, NOW, far, () => 1)).toBe(4_000);
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 4, NOW, far, () => 0)).toBeUndefined();
  });

  it("takes a deployment's attempts and first delay, within bounds", () => {
    expect(ringRetryPolicy(4, 1_000)).toEqual(RING_RETRY_POLICY);
    expect(ringRetryPolicy(0, 50)).toMatchObject({ maxAttempts: 1, baseDelayMs: 50, maxDelayMs: 200 });
    expect(ringRetryPolicy(99, 1)).toMatchObject({ maxAttempts: 10, baseDelayMs: 10 });
  });

  it('retries only the devices that failed transiently, while attempts and ringing time are left', () => {
    const far = NOW + 60_000;
    const sent = { deviceId: 'a', platform: 'android', ok: true, messageId: 'm' };
    const unavailable = { deviceId: 'b', platform: 'ios', ok: false, errorCode: 'messaging/server-unavailable' };
    const gone = { deviceId: 'c', platform: 'web', ok: false, errorCode: 'messaging/registration-token-not-registered' };
    expect(nextRingAttempt([sent, unavailable, gone, unavailable], 1, RING_RETRY_POLICY, NOW, far, () => 1)).toEqual({
      kind: 'retry',
      deviceIndexes: [1, 3],
      delayMs: 1_000,
    });
    expect(nextRingAttempt([sent, gone], 1, RING_RETRY_POLICY, NOW, far)).toEqual({ kind: 'done' });
    expect(nextRingAttempt([unavailable], 4, RING_RETRY_POLICY, NOW, far)).toEqual({ kind: 'done' });
    expect(nextRingAttempt([unavailable], 1, RING_RETRY_POLICY, NOW, NOW + 3_600, () => 1)).toEqual({ kind: 'done' });
  });

  it('never retries when the call would have stopped ringing', () => {
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 1, NOW, NOW + 3_600, () => 0)).toBe(500);
    expect(nextRetryDelayMs(RING_RETRY_POLICY, 1, NOW, NOW + 3_600, () => 1)).toBeUndefined();
  });

  it('retries transient FCM and APNs errors only, and counts the attempts', () => {
    expect(['messaging/server-unavailable', 'messaging/internal-error', 'messaging/message-rate-exceeded'].map(pushErrorKind)).toEqual([
      'transient',
      'transient',
      'transient',
    ]);
    expect(['apns/TooManyRequests', 'apns/InternalServerError', 'apns/ServiceUnavailable'].map(pushErrorKind)).toEqual([
      'transient',
      'transient',
      'transient',
    ]);
    expect(pushErrorKind('apns/Unregistered')).toBe('token_gone');
    expect(pushErrorKind('apns/BadDeviceToken')).toBe('token_gone');
    expect(pushErrorKind('messaging/third-party-auth-error')).toBe('permanent');
    expect(isRetryable({ deviceId: 'd', platform: 'ios', ok: false, errorCode: 'apns/InvalidProviderToken' })).toBe(false);

    const first = { deviceId: 'd', platform: 'android', channel: 'fcm' as const, ok: false, errorCode: 'messaging/server-unavailable' };
    const second = retriedResult(first, { deviceId: 'd', platform: 'android', channel: 'fcm', ok: true, messageId: 'm' });
    expect(second).toEqual({
      deviceId: 'd',
      platform: 'android',
      channel: 'fcm',
      ok: true,
      messageId: 'm',
      attempts: 2,
      previousErrors: ['messaging/server-unavailable'],
    });
  });
});
