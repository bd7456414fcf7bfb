import type { ResponseFailure, ResponseSent } from '@parse/node-apn';
import { lazy } from '../../lazy.js';
import type { ApnsPush, ChannelSender, PushResult } from './push-transport.js';

/** How Beckon reaches APNs: a token-based (.p8) key, as config.ts reads it. */
export interface ApnsSettings {
  /** The .p8 key's PEM text (the APNS_KEY secret). */
  key: string;
  keyId: string;
  teamId: string;
  environment: 'production' | 'sandbox';
  /** Tests only: a stand-in server in place of Apple's, and the certificate that server presents. */
  address?: string;
  port?: number;
  ca?: string[];
}

export interface ApnsSender {
  send: ChannelSender<ApnsPush>;
  /** Closes the HTTP/2 connection (tests; a function instance keeps it for its life). */
  close(): Promise<void>;
}

/** APNs' answers by HTTP status, for a response that carried no reason. */
const REASON_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  410: 'Unregistered',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/**
 * Sends VoIP pushes to APNs over HTTP/2 with @parse/node-apn (see the README for why this
 * library). One provider, hence one HTTP/2 connection, per function instance; the library's own
 * retries are off, because Beckon retries transient errors itself while the call still rings.
 */
export function apnsSender(settings: () => ApnsSettings | undefined): ApnsSender {
  let connected = false;
  // Made on the first VoIP push, from the settings of that moment; a failed load is not kept.
  const client = lazy(async () => {
    const module = await import('@parse/node-apn');
    const apn = (module as unknown as { default?: typeof module }).default ?? module;
    const config = settings() as ApnsSettings;
    const provider = new apn.Provider({
      token: { key: config.key, keyId: config.keyId, teamId: config.teamId },
      production: config.environment === 'production',
      ...(config.address ? { address: config.address } : {}),
      ...(config.port ? { port: config.port } : {}),
      ...(config.ca ? { ca: config.ca } : {}),
      connectionRetryLimit: 0,
    });
    connected = true;
    return { Notification: apn.Notification, provider };
  });

  return {
    async send(pushes) {
      if (!settings()) return pushes.map(() => ({ ok: false, errorCode: 'beckon/apns-not-configured' }));
      const { Notification, provider } = await client();
      return Promise.all(
        pushes.map(async ({ message }): Promise<PushResult> => {
          const note = new Notification();
          note.rawPayload = message.payload;
          note.topic = message.headers['apns-topic'];
          note.pushType = message.headers['apns-push-type'];
          note.priority = Number(message.headers['apns-priority']);
          note.expiry = Number(message.headers['apns-expiration']);
          try {
            return apnsResult(await provider.send(note, message.token));
          } catch {
            return { ok: false, errorCode: 'apns/connection-error' };
          }
        }),
      );
    },
    async close() {
      if (connected) await (await client()).provider.shutdown();
    },
  };
}

function apnsResult(response: { sent: ResponseSent[]; failed: ResponseFailure[] }): PushResult {
  const sent = response.sent[0] as (ResponseSent & { 'apns-id'?: string; 'apns-unique-id'?: string }) | undefined;
  if (sent) {
    const messageId = sent['apns-id'] ?? sent['apns-unique-id'];
    return { ok: true, ...(messageId ? { messageId } : {}) };
  }
  const failure = response.failed[0];
  const reason = failure?.response?.reason ?? (failure?.status ? REASON_BY_STATUS[failure.status] : undefined);
  return { ok: false, errorCode: reason ? `apns/${reason}` : 'apns/connection-error' };
}
