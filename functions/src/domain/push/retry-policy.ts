import type { DeviceDeliveryResult } from '../../contract/index.js';
import { isRetryable } from './delivery.js';

/**
 * When a ring push that failed transiently is tried again: exponential backoff with jitter, a
 * bounded number of times, and never once the call would have stopped ringing. A call rings for
 * 45 s by default; four attempts over about 7 s leave most of that ringing time to the device.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt this close to `expiresAt`: the device would ring for an instant, or not at all. */
  minRingLeftMs: number;
}

export const RING_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 4_000, minRingLeftMs: 3_000 };

/** The ring's policy with a deployment's own attempts and first delay (see config.ts). */
export const ringRetryPolicy = (maxAttempts: number, baseDelayMs: number): RetryPolicy => ({
  maxAttempts: Math.max(1, Math.min(10, maxAttempts)),
  baseDelayMs: Math.max(10, baseDelayMs),
  maxDelayMs: Math.max(10, baseDelayMs) * 4,
  minRingLeftMs: RING_RETRY_POLICY.minRingLeftMs,
});

/**
 * The wait before attempt `attempt + 1`, or undefined when there must be none. "Equal jitter":
 * half the exponential delay is fixed, the other half random, so retries of many calls that
 * failed together (an FCM outage) do not come back together.
 */
export function nextRetryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  nowMs: number,
  expiresAtMs: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = Math.round(exponential / 2 + random() * (exponential / 2));
  return nowMs + delay + policy.minRingLeftMs <= expiresAtMs ? delay : undefined;
}

/** What follows one attempt at a ring: nothing more, or another attempt for some devices after a wait. */
export type RingAttempt = { kind: 'done' } | { kind: 'retry'; deviceIndexes: number[]; delayMs: number };

/**
 * After attempt `attempt` of a ring, given each device's latest result (in the order pushed): try
 * again the devices that failed transiently, after the policy's wait, unless none did, the attempts
 * are spent, or the call would stop ringing too soon after.
 */
export function nextRingAttempt(
  results: readonly DeviceDeliveryResult[],
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
  expiresAtMs: number,
  random?: () => number,
): RingAttempt {
  const deviceIndexes = results.flatMap((result, index) => (isRetryable(result) ? [index] : []));
  if (deviceIndexes.length === 0) return { kind: 'done' };
  const delayMs = nextRetryDelayMs(policy, attempt, nowMs, expiresAtMs, random);
  return delayMs === undefined ? { kind: 'done' } : { kind: 'retry', deviceIndexes, delayMs };
}
