import type { PushTransportName } from '../../contract/index.js';
import type { PushMessage } from '../../domain/push-message.js';

/** One push to one device, with what the outbox and the logs need to know about it. */
export interface OutgoingPush {
  invitationId: string;
  /** Which push of the invitation this is ("call_invitation", later "call_cancelled"...). */
  kind: string;
  uid: string;
  deviceId: string;
  message: PushMessage;
}

export interface PushResult {
  ok: boolean;
  messageId?: string;
  /** The firebase-admin error code, e.g. "messaging/registration-token-not-registered". */
  errorCode?: string;
}

export interface PushTransport {
  readonly name: PushTransportName;
  /** Sends every push and answers one result per push, in order. Never throws for one bad token. */
  send(pushes: readonly OutgoingPush[]): Promise<PushResult[]>;
}
