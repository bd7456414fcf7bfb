import type { BatchResponse, TokenMessage } from 'firebase-admin/messaging';
import { describe, expect, it } from 'vitest';
import { SEND_EACH_LIMIT, type SendEach, fcmSender } from '../../functions/src/adapters/push/fcm-transport.js';
import { channelRouter, type ApnsPush, type FcmPush } from '../../functions/src/adapters/push/push-transport.js';

const fcmPush = (i: number): FcmPush => ({
  invitationId: 'inv',
  kind: 'call_invitation',
  uid: 'bob',
  deviceId: `d${i}`,
  attempt: 1,
  channel: 'fcm',
  message: { token: `token-${i}`, data: { i: String(i) } },
});

/** A stand-in for firebase-admin's Messaging: answers each token by a rule and remembers every batch. */
function standIn(answer: (message: TokenMessage) => { ok: true } | { ok: false; code: string } | 'throw') {
  const batches: TokenMessage[][] = [];
  const messaging: SendEach = {
    async sendEach(messages: TokenMessage[]): Promise<BatchResponse> {
      batches.push(messages);
      if (messages.some((message) => answer(message) === 'throw'))
        throw Object.assign(new Error('auth'), { code: 'app/invalid-credential' });
      const responses = messages.map((message) => {
        const result = answer(message) as { ok: boolean; code?: string };
        return result.ok
          ? { success: true, messageId: `m-${message.token}` }
          : { success: false, error: Object.assign(new Error(result.code), { code: result.code }) };
      });
      return { responses, successCount: 0, failureCount: 0 } as unknown as BatchResponse;
    },
  };
  return { messaging, batches };
}

describe('the FCM sender', () => {
  it('sends in batches of 500 and answers in order', async () => {
    const { messaging, batches } = standIn(() => ({ ok: true }));
    const pushes = Array.from({ length: 1_203 }, (_, i) => fcmPush(i));
    const results = await fcmSender(async () => messaging)(pushes);
    expect(SEND_EACH_LIMIT).toBe(500);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 203]);
    expect(results).toHaveLength(1_203);
    expect(results[1_202]).toEqual({ ok: true, messageId: 'm-token-1202' });
  });

  it("maps each failed message to its FCM error code, and a batch that throws to the error's code", async () => {
    const { messaging } = standIn((message) =>
      message.token === 'token-1'
        ? { ok: false, code: 'messaging/registration-token-not-registered' }
        : message.token === 'token-600'
          ? 'throw'
          : { ok: true },
    );
    const results = await fcmSender(async () => messaging)(Array.from({ length: 700 }, (_, i) => fcmPush(i)));
    expect(results[0]).toEqual({ ok: true, messageId: 'm-token-0' });
    expect(results[1]).toEqual({ ok: false, errorCode: 'messaging/registration-token-not-registered' });
    expect(results.slice(500).every((result) => result.errorCode === 'app/invalid-credential')).toBe(true);
  });
});

describe('the channel router', () => {
  it('sends FCM pushes to FCM and VoIP rings to APNs, and puts the answers back in order', async () => {
    const apnsPush: ApnsPush = {
      invitationId: 'inv',
      kind: 'call_invitation',
      uid: 'bob',
      deviceId: 'iphone',
      attempt: 1,
      channel: 'apns',
      message: {
        token: 'ab',
        headers: { 'apns-push-type': 'voip', 'apns-topic': 't.voip', 'apns-priority': '10', 'apns-expiration': '1' },
        payload: {},
      },
    };
    const seen: string[] = [];
    const router = channelRouter('fcm', {
      fcm: async (pushes) => pushes.map((push) => (seen.push(`fcm:${push.deviceId}`), { ok: true, messageId: push.deviceId })),
      apns: async (pushes) => pushes.map((push) => (seen.push(`apns:${push.deviceId}`), { ok: false, errorCode: 'apns/Unregistered' })),
    });
    const results = await router.send([fcmPush(0), apnsPush, fcmPush(1)]);
    expect(results).toEqual([
      { ok: true, messageId: 'd0' },
      { ok: false, errorCode: 'apns/Unregistered' },
      { ok: true, messageId: 'd1' },
    ]);
    expect(seen.sort()).toEqual(['apns:iphone', 'fcm:d0', 'fcm:d1']);
  });
});
