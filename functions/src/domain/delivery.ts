import type { DeliveryState, DeviceDeliveryResult } from '../contract/index.js';

export type FinalDeliveryState = Exclude<DeliveryState, 'pending' | 'sending'>;

export function deliveryState(results: readonly Pick<DeviceDeliveryResult, 'ok'>[]): FinalDeliveryState {
  if (results.length === 0) return 'no_devices';
  const sent = results.filter((result) => result.ok).length;
  if (sent === results.length) return 'sent';
  return sent === 0 ? 'failed' : 'partial';
}

/** FCM error codes after which the token will never work again: the device document drops it. */
const TOKEN_GONE = new Set(['messaging/registration-token-not-registered', 'messaging/invalid-registration-token']);

/** Faults on FCM's side or quotas: recorded, the token is kept, a later push may succeed. */
const TRANSIENT = new Set([
  'messaging/server-unavailable',
  'messaging/internal-error',
  'messaging/message-rate-exceeded',
  'messaging/device-message-rate-exceeded',
  'messaging/quota-exceeded',
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

/** One device's line in a delivery record, from what the transport answered (nothing: it never answered). */
export function deviceResult(
  device: { deviceId: string; platform: string },
  result: { ok: boolean; messageId?: string; errorCode?: string } | undefined,
): DeviceDeliveryResult {
  const answer = result ?? { ok: false, errorCode: 'beckon/no-result' };
  return {
    deviceId: device.deviceId,
    platform: device.platform,
    ok: answer.ok,
    ...(answer.messageId ? { messageId: answer.messageId } : {}),
    ...(answer.errorCode ? { errorCode: answer.errorCode } : {}),
  };
}
