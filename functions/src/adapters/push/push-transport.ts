import type { PushTransportName } from '../../contract/index.js';
import type { PushMessage } from '../../domain/push/push-message.js';
import type { ApnsRequest } from '../../domain/push/voip-message.js';

/** One push to one device, with what the outbox and the logs need to know about it. */
interface PushTo {
  invitationId: string;
  /** Which push of the invitation this is ("call_invitation", "call_cancelled", "missed_call", "test_push"). */
  kind: string;
  uid: string;
  deviceId: string;
  /** 1 for the first try, more when a transient error is retried. */
  attempt: number;
}

export type OutgoingPush = PushTo & ({ channel: 'fcm'; message: PushMessage } | { channel: 'apns'; message: ApnsRequest });
export type FcmPush = Extract<OutgoingPush, { channel: 'fcm' }>;
export type ApnsPush = Extract<OutgoingPush, { channel: 'apns' }>;

export interface PushResult {
  ok: boolean;
  messageId?: string;
  /** "messaging/..." as firebase-admin reports FCM errors, "apns/<reason>" as APNs answers. */
  errorCode?: string;
}

export interface PushTransport {
  readonly name: PushTransportName;
  /** Sends every push and answers one result per push, in order. Never throws for one bad token. */
  send(pushes: readonly OutgoingPush[]): Promise<PushResult[]>;
}

/** Something that sends one channel's pushes: FCM's sendEach, or the APNs sender. */
export type ChannelSender<P extends OutgoingPush> = (pushes: readonly P[]) => Promise<PushResult[]>;

/**
 * The deployed transport: FCM pushes to FCM and VoIP rings to APNs, concurrently, with the
 * answers put back in the order of the pushes.
 */
export function channelRouter(
  name: PushTransportName,
  senders: { fcm: ChannelSender<FcmPush>; apns: ChannelSender<ApnsPush> },
): PushTransport {
  return {
    name,
    async send(pushes) {
      const fcm = pushes.flatMap((push, index) => (push.channel === 'fcm' ? [{ push, index }] : []));
      const apns = pushes.flatMap((push, index) => (push.channel === 'apns' ? [{ push, index }] : []));
      const results: PushResult[] = new Array<PushResult>(pushes.length);
      const [fcmResults, apnsResults] = await Promise.all([
        fcm.length > 0 ? senders.fcm(fcm.map((entry) => entry.push)) : [],
        apns.length > 0 ? senders.apns(apns.map((entry) => entry.push)) : [],
      ]);
      fcm.forEach((entry, i) => (results[entry.index] = fcmResults[i] ?? { ok: false, errorCode: 'beckon/no-result' }));
      apns.forEach((entry, i) => (results[entry.index] = apnsResults[i] ?? { ok: false, errorCode: 'beckon/no-result' }));
      return results;
    },
  };
}
