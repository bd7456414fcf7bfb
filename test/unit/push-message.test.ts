import { describe, expect, it } from 'vitest';
import { newInvitation } from '../../functions/src/domain/call/invitation.js';
import { pushLanguage } from '../../functions/src/domain/push/locale.js';
import { callCancelledMessage, missedCallMessage, ongoingCallMessage } from '../../functions/src/domain/push/status-push-messages.js';
import { callInvitationMessage } from '../../functions/src/domain/push/push-message.js';
import { callInvitationText } from '../../functions/src/domain/push/push-text.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const { invitation } = newInvitation({
  invitationId: 'inv-1',
  callId: 'inv-1',
  messageId: 'msg-1',
  roomId: 'room-1',
  conversationId: 'conv-1',
  callerId: 'alice',
  callerName: 'Alice',
  calleeId: 'bob',
  callType: 'video',
  calleeOnline: false,
  nowMs: NOW,
  ringTimeoutMs: 45_000,
});

describe('pushLanguage', () => {
  it.each([
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh_TW', 'zh'],
    ['ZH-Hans', 'zh'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['zu', 'en'],
    [undefined, 'en'],
  ])('%s speaks %s', (locale, language) => {
    expect(pushLanguage(locale)).toBe(language);
  });
});

describe('callInvitationText', () => {
  it('names the caller and the kind of call in Chinese and English', () => {
    expect(callInvitationText('zh-CN', '小明', 'video').body).toBe('小明 邀请您进行视频通话');
    expect(callInvitationText('zh', '小明', 'audio').body).toBe('小明 邀请您进行语音通话');
    expect(callInvitationText('en', 'Alice', 'audio').body).toBe('Alice is inviting you to an audio call');
    expect(callInvitationText('fr-FR', 'Alice', 'video')).toEqual({
      title: 'Incoming video call',
      body: 'Alice is inviting you to a video call',
    });
  });
});

describe('callInvitationMessage', () => {
  const data = {
    type: 'call_invitation',
    invitationId: 'inv-1',
    conversationId: 'conv-1',
    callerId: 'alice',
    callerName: 'Alice',
    callType: 'video',
    roomId: 'room-1',
    expiresAt: String(NOW + 45_000),
  };

  it('gives Android a high-priority message that expires when the call stops ringing', () => {
    const message = callInvitationMessage(invitation, { deviceId: 'd', platform: 'android', fcmToken: 'tok' }, NOW + 2_000);
    expect(message).toEqual({
      token: 'tok',
      data,
      // FCM's own reports count it by its kind.
      fcmOptions: { analyticsLabel: 'call_invitation' },
      android: {
        priority: 'high',
        ttl: 43_000,
        collapseKey: 'inv-1',
        notification: {
          title: 'Incoming video call',
          body: 'Alice is inviting you to a video call',
          tag: 'inv-1',
          channelId: 'beckon_calls',
          priority: 'max',
          visibility: 'public',
        },
      },
    });
  });

  it('gives APNs priority 10, an alert and an expiration at expiresAt in epoch seconds', () => {
    const message = callInvitationMessage(invitation, { deviceId: 'd', platform: 'ios', fcmToken: 'tok', locale: 'zh-CN' }, NOW);
    expect(message.apns).toEqual({
      headers: {
        'apns-priority': '10',
        'apns-push-type': 'alert',
        'apns-expiration': String(Math.floor((NOW + 45_000) / 1000)),
        'apns-collapse-id': 'inv-1',
      },
      payload: { aps: { alert: { title: '视频通话邀请', body: 'Alice 邀请您进行视频通话' }, sound: 'default' } },
    });
    expect(message.android).toBeUndefined();
  });

  it('gives the web a notification that stays until answered, and a TTL in seconds', () => {
    const message = callInvitationMessage(invitation, { deviceId: 'd', platform: 'web', fcmToken: 'tok' }, NOW + 10_500);
    expect(message.webpush?.headers).toEqual({ TTL: '34', Urgency: 'high' });
    expect(message.webpush?.notification).toMatchObject({ tag: 'inv-1', requireInteraction: true });
  });

  it('never gives a negative ttl, and every data value is a string', () => {
    const late = callInvitationMessage(invitation, { deviceId: 'd', platform: 'android', fcmToken: 'tok' }, NOW + 60_000);
    expect(late.android?.ttl).toBe(0);
    expect(Object.values(late.data).every((value) => typeof value === 'string')).toBe(true);
  });
});

describe('the priority of every push kind on Android', () => {
  const android = { deviceId: 'pixel', platform: 'android' as const, fcmToken: 't', locale: 'en' };
  const priorityOf = (message: { android?: { priority?: string } }) => message.android?.priority;

  it('rings and shows its notices at high priority; a stop that only removes a notification goes at normal', () => {
    expect(priorityOf(callInvitationMessage(invitation, android, NOW))).toBe('high');
    expect(priorityOf(missedCallMessage(invitation, android, 'missed', NOW))).toBe('high');
    expect(priorityOf(missedCallMessage(invitation, android, 'busy', NOW))).toBe('high');
    expect(priorityOf(ongoingCallMessage(invitation, android, NOW))).toBe('high');
    const stops = Object.fromEntries(
      (['answered_elsewhere', 'declined', 'cancelled', 'missed'] as const).map((reason) => [
        reason,
        priorityOf(callCancelledMessage(invitation, android, reason, NOW)),
      ]),
    );
    expect(stops).toEqual({ answered_elsewhere: 'normal', declined: 'normal', cancelled: 'high', missed: 'high' });
  });
});
