import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Collections } from '../firestore/collections.js';
import type { PushResult, PushTransport } from './push-transport.js';

/**
 * Test tokens that make the emulator answer as FCM would for a dead or an unlucky device;
 * every other token succeeds.
 */
export function emulatedFcmAnswer(token: string): PushResult {
  if (token.startsWith('fake-unregistered')) return { ok: false, errorCode: 'messaging/registration-token-not-registered' };
  if (token.startsWith('fake-unavailable')) return { ok: false, errorCode: 'messaging/server-unavailable' };
  return { ok: true, messageId: `projects/demo-beckon/messages/emulated-${randomUUID()}` };
}

/**
 * Writes each would-be message to `pushOutbox`, exactly the object FCM's sendEach would get,
 * so tests and developers can see what a device would receive with no FCM reachable.
 */
export function emulatorTransport(store: Collections): PushTransport {
  return {
    name: 'emulator',
    async send(pushes) {
      const results = pushes.map((push) => emulatedFcmAnswer(push.message.token));
      const batch = store.db.batch();
      pushes.forEach((push, index) => {
        const result = results[index] as PushResult;
        batch.create(store.pushOutbox().doc(), {
          invitationId: push.invitationId,
          kind: push.kind,
          uid: push.uid,
          deviceId: push.deviceId,
          token: push.message.token,
          message: { ...push.message },
          result,
          createdAt: Timestamp.now(),
        });
      });
      if (pushes.length > 0) await batch.commit();
      return results;
    },
  };
}
