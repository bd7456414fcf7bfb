import type { Messaging, TokenMessage } from 'firebase-admin/messaging';
import type { ChannelSender, FcmPush, PushResult } from './push-transport.js';

/** FCM's limit on messages per sendEach call. */
export const SEND_EACH_LIMIT = 500;

/** The part of firebase-admin's Messaging this sender uses, so tests can stand in for it. */
export type SendEach = Pick<Messaging, 'sendEach'>;

/**
 * Sends through FCM in batches of 500. Messaging is loaded on first use, so functions that never
 * push never load it. A batch that fails as a whole (credentials, network) fails its pushes with
 * the error's code, not the trigger, and the other batches still go.
 */
export function fcmSender(getMessaging: () => Promise<SendEach>): ChannelSender<FcmPush> {
  return async (pushes) => {
    const messaging = await getMessaging();
    const results: PushResult[] = [];
    for (let start = 0; start < pushes.length; start += SEND_EACH_LIMIT) {
      const chunk = pushes.slice(start, start + SEND_EACH_LIMIT);
      const messages: TokenMessage[] = chunk.map((push) => push.message);
      try {
        const batch = await messaging.sendEach(messages);
        for (const response of batch.responses) {
          results.push(
            response.success
              ? { ok: true, ...(response.messageId ? { messageId: response.messageId } : {}) }
              : { ok: false, errorCode: response.error?.code ?? 'messaging/unknown-error' },
          );
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const errorCode = typeof code === 'string' ? code : 'messaging/unknown-error';
        for (const _ of chunk) results.push({ ok: false, errorCode });
      }
    }
    return results;
  };
}
