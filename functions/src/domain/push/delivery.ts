import {
  type ApnsEnvironment,
  type DeliveryState,
  type DeviceDeliveryResult,
  type PushChannel,
  finalDeliveryStates,
} from '../../contract/index.js';

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
  // Beckon's own: FCM or APNs did not answer within PUSH_SEND_TIMEOUT_MS.
  'beckon/send-timeout',
]);

export type PushErrorKind = 'token_gone' | 'transient' | 'permanent';

export function pushErrorKind(errorCode: string): PushErrorKind {
  if (TOKEN_GONE.has(errorCode)) return 'token_gone';
  return TRANSIENT.has(errorCode) ? 'transient' : 'permanent';
}

/**
 * How long Beckon waits for FCM or APNs to answer one send before it counts the devices as failed
 * (transiently: the ring tries them again while the call rings). Both services answer in well
 * under a second when they are up; firebase-admin's own HTTP timeout is longer, so this is ours.
 */
export const PUSH_SEND_TIMEOUT_MS = 8_000;

/**
 * A claimed delivery whose worker died is taken over after this long: one send's timeout and the
 * writes around it. Well inside the shortest ring (15 s) and the default (45 s), so that a retry
 * can still ring a call whose first worker died.
 */
export const DELIVERY_LEASE_MS = 12_000;

/** What a worker may do with a delivery record it found. */
export type LeaseDecision =
  /** Nobody has it, or its holder died (`takeover`): claim it. */
  | { kind: 'claim'; takeover: boolean }
  /** A live worker holds it until `untilMs`: wait, then look again. */
  | { kind: 'held'; untilMs: number }
  /** Done, or owned by the ring's worker (`deferred`): nothing to do. */
  | { kind: 'done' };

/**
 * Triggers are delivered at least once and retried after failures. The first delivery claims the
 * record; a later one waits while the holder's lease runs, and takes over only once it ran out, or
 * at once when its holder threw and released it (`released`). A ring waiting to retry (`retrying`)
 * holds its lease until its next attempt is due, plus the lease.
 */
export function leaseDecision(
  record: { state: DeliveryState; claimedAtMs?: number; nextAttemptAtMs?: number; released?: boolean } | undefined,
  nowMs: number,
): LeaseDecision {
  if (record === undefined || record.state === 'pending') return { kind: 'claim', takeover: false };
  const since = record.state === 'sending' ? record.claimedAtMs : record.state === 'retrying' ? record.nextAttemptAtMs : undefined;
  if (!leaseHolding(record.state)) return { kind: 'done' };
  if (since === undefined || record.released === true) return { kind: 'claim', takeover: true };
  const untilMs = since + DELIVERY_LEASE_MS;
  return nowMs > untilMs ? { kind: 'claim', takeover: true } : { kind: 'held', untilMs };
}

/** A record that says what the push did, for good: no worker sends it again. */
export const isFinalDeliveryState = (state: DeliveryState | undefined): boolean =>
  (finalDeliveryStates as readonly (DeliveryState | undefined)[]).includes(state);

/** A worker's lease ends when it records its push, or when it throws (it releases it). */
export const leaseHolding = (state: DeliveryState | undefined): boolean => state === 'sending' || state === 'retrying';

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

/** The APNs answers to a token it will not take for this app: a token of the other environment among them. */
const TOKEN_REFUSED = new Set(['apns/BadDeviceToken', 'apns/DeviceTokenNotForTopic']);

/**
 * A VoIP ring APNs refused for a token the app registered for the other environment than Beckon
 * sends to (a debug build's sandbox token, APNS_ENVIRONMENT production): said as that mismatch,
 * which has one fix, rather than as a dead token.
 */
export function withApnsEnvironmentMismatch(
  line: DeviceDeliveryResult,
  token: ApnsEnvironment | undefined,
  server: ApnsEnvironment | undefined,
): DeviceDeliveryResult {
  const refused = !line.ok && line.channel === 'apns' && line.errorCode !== undefined && TOKEN_REFUSED.has(line.errorCode);
  return refused && token && server && token !== server ? { ...line, apnsEnvironmentMismatch: { token, server } } : line;
}

export const isRetryable = (result: DeviceDeliveryResult): boolean =>
  !result.ok && result.errorCode !== undefined && pushErrorKind(result.errorCode) === 'transient';
