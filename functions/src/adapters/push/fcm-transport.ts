import type { Messaging, TokenMessage } from 'firebase-admin/messaging';
import type { OutgoingPush, PushResult, PushTransport } from './push-transport.js';

/** FCM's limit on messages per sendEach call. */
const SEND_EACH_LIMIT = 500;

/** Sends through FCM. Messaging is loaded on first use, so callables that never push never load it. */
export function fcmTransport(getMessaging: () => Promise<Messaging>): PushTransport {
  return {
    name: 'fcm',
    async send(pushes) {
      const messaging = await getMessaging();
      const results: PushResult[] = [];
      for (let start = 0; start < pushes.length; start += SEND_EACH_LIMIT) {
        const chunk = pushes.slice(start, start + SEND_EACH_LIMIT);
        const messages: TokenMessage[] = chunk.map((push: OutgoingPush) => push.message);
        const batch = await messaging.sendEach(messages);
        for (const response of batch.responses) {
          results.push(
            response.success
              ? { ok: true, ...(response.messageId ? { messageId: response.messageId } : {}) }
              : { ok: false, errorCode: response.error?.code ?? 'messaging/unknown-error' },
          );
        }
      }
      return results;
    },
  };
}
