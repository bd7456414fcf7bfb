import type { DeliveryState, DeviceDeliveryResult, PushChannel } from '../contract/index.js';

export type FinalDeliveryState = Exclude<DeliveryState, 'pending' | 'sending' | 'retrying' | 'deferred'>;

export function deliveryState(results: readonly Pick<DeviceDeliveryResult, 'ok'>[]): FinalDeliveryState {
  if (results.length === 0) return 'no_devices';
  const sent = results.filter((result) => result.ok).length;
  if (sent === results.length) return 'sent';
  return sent === 0 ? 'failed' : 'partial';
}

/**
 * Error codes after which the token will never work again: the device document drops it. APNs
 * codes are `apns/<reason>` as APNs answers: 410 Unregistered, 400 BadDeviceToken.
 */
const TOKEN_GONE = new Set([
  'messaging/registration-token-not-registered',
  'messaging/invalid-registration-token',
  'apns/Unregistered',
  'apns/BadDeviceToken',
]);

/** Faults on the service's side or quotas: the token is kept and the push is tried again while the call rings. */
const TRANSIENT = new Set([
  'messaging/server-unavailable',
  'messaging/internal-error',
  'messaging/message-rate-exceeded',
  'messaging/device-message-rate-exceeded',
  'messaging/quota-exceeded',
  'apns/TooManyRequests',
  'apns/InternalServerError',
  'apns/ServiceUnavailable',
  'apns/Shutdown',
  'apns/connection-error',
]);

export type PushErrorKind = 'token_gone' | 'transient' | 'permanent';

export function pushErrorKind(errorCode: string): PushErrorKind {
  if (TOKEN_GONE.has(errorCode)) return 'token_gone';
  return TRANSIENT.has(errorCode) ? 'transient' : 'permanent';
}

/** A claimed delivery whose worker died is taken over after this long. */
export const DELIVERY_LEASE_MS = 60_000;

/**
 * Firestore triggers are delivered at least once. Only the first delivery of an invitation's push
 * may send; a later one sends only if the first died holding its lease.
 */
export function mayClaimDelivery(state: DeliveryState | undefined, claimedAtMs: number | undefined, nowMs: number): boolean {
  if (state === undefined || state === 'pending') return true;
  return state === 'sending' && (claimedAtMs === undefined || nowMs - claimedAtMs > DELIVERY_LEASE_MS);
}

/** The ring push is on its way (or about to be): a stop-ringing push sent now could overtake it. */
export const ringInFlight = (state: DeliveryState | undefined): boolean =>
  state === undefined || state === 'pending' || state === 'sending';

/** One device's line in a delivery record, from what the transport answered (nothing: it never answered). */
export function deviceResult(
  device: { deviceId: string; platform: string },
  result: { ok: boolean; messageId?: string; errorCode?: string } | undefined,
  channel?: PushChannel,
): DeviceDeliveryResult {
  const answer = result ?? { ok: false, errorCode: 'beckon/no-result' };
  return {
    deviceId: device.deviceId,
    platform: device.platform,
    ...(channel ? { channel } : {}),
    ok: answer.ok,
    ...(answer.messageId ? { messageId: answer.messageId } : {}),
    ...(answer.errorCode ? { errorCode: answer.errorCode } : {}),
  };
}

/** A device's line after another attempt: the latest answer, with the count and the earlier errors. */
export function retriedResult(previous: DeviceDeliveryResult, latest: DeviceDeliveryResult): DeviceDeliveryResult {
  const previousErrors = [...(previous.previousErrors ?? []), ...(previous.errorCode ? [previous.errorCode] : [])];
  return { ...latest, attempts: (previous.attempts ?? 1) + 1, ...(previousErrors.length > 0 ? { previousErrors } : {}) };
}

export const isRetryable = (result: DeviceDeliveryResult): boolean =>
  !result.ok && result.errorCode !== undefined && pushErrorKind(result.errorCode) === 'transient';
