import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Collections } from '../firestore/collections.js';
import type { OutgoingPush, PushResult, PushTransport } from './push-transport.js';
import { sleep } from '../../sleep.js';

/** Outbox entries carry an `expireAt` this far ahead, for a TTL policy on a long-lived emulator or test project. */
export const OUTBOX_TTL_MS = 24 * 60 * 60 * 1000;

/** How long a ring push to a `fake-slow…` token takes: long enough to cancel the call while its ring is in flight. */
export const EMULATED_SLOW_SEND_MS = 2_000;

/**
 * Test tokens that make the emulator answer as FCM or APNs would for a dead or an unlucky device;
 * every other token succeeds. A token containing `fail-once` fails its first attempt only, and a
 * ring push to a `fake-slow` token takes two seconds to answer.
 */
export function emulatedAnswer(push: Pick<OutgoingPush, 'channel' | 'attempt'> & { token: string }): PushResult {
  const { token, channel, attempt } = push;
  if (channel === 'apns') {
    if (token.startsWith('fake-apns-unregistered')) return { ok: false, errorCode: 'apns/Unregistered' };
    if (token.startsWith('fake-apns-bad')) return { ok: false, errorCode: 'apns/BadDeviceToken' };
    if (token.startsWith('fake-apns-unavailable')) return { ok: false, errorCode: 'apns/ServiceUnavailable' };
    if (token.includes('fail-once') && attempt === 1) return { ok: false, errorCode: 'apns/ServiceUnavailable' };
    return { ok: true, messageId: randomUUID().toUpperCase() };
  }
  if (token.startsWith('fake-unregistered')) return { ok: false, errorCode: 'messaging/registration-token-not-registered' };
  if (token.startsWith('fake-unavailable')) return { ok: false, errorCode: 'messaging/server-unavailable' };
  if (token.includes('fail-once') && attempt === 1) return { ok: false, errorCode: 'messaging/server-unavailable' };
  return { ok: true, messageId: `projects/demo-beckon/messages/emulated-${randomUUID()}` };
}

/**
 * Writes each would-be message to `pushOutbox`: for FCM exactly the object sendEach would get,
 * for APNs the request (headers and payload) Beckon's APNs sender would make. Tests and
 * developers can see what a device would receive with neither service reachable.
 */
export function emulatorTransport(store: Collections): PushTransport {
  return {
    name: 'emulator',
    async send(pushes) {
      const sentAt = Timestamp.now();
      const slow = pushes.some((push) => push.kind === 'call_invitation' && push.message.token.startsWith('fake-slow'));
      if (slow) await sleep(EMULATED_SLOW_SEND_MS);
      const results = pushes.map((push) => emulatedAnswer({ ...push, token: push.message.token }));
      const batch = store.db.batch();
      const answeredAt = Timestamp.now();
      pushes.forEach((push, index) => {
        batch.create(store.pushOutbox().doc(), {
          invitationId: push.invitationId,
          kind: push.kind,
          uid: push.uid,
          deviceId: push.deviceId,
          channel: push.channel,
          token: push.message.token,
          message: { ...push.message },
          result: results[index] as PushResult,
          attempt: push.attempt,
          sentAt,
          createdAt: answeredAt,
          // For a Firestore TTL policy: the outbox is for looking at, not for keeping.
          expireAt: Timestamp.fromMillis(answeredAt.toMillis() + OUTBOX_TTL_MS),
        });
      });
      if (pushes.length > 0) await batch.commit();
      return results;
    },
  };
}
