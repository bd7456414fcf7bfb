/**
 * How often one user may repeat a callable: a fixed one-minute window per user, with a count per
 * callable, as the invitations' window (rate-limit.ts) counts calls. Pure: the Firestore adapter
 * stores the window; a refused request writes nothing.
 */

/** The callables a signed-in user can repeat at will, each with its own limit a minute (params). */
export const limitedCallables = [
  'respondToCallInvitation',
  'joinCall',
  'getMediaCredentials',
  'registerDevice',
  'acknowledgeCallInvitation',
  'endCall',
] as const;
export type LimitedCallable = (typeof limitedCallables)[number];

export const REQUEST_WINDOW_MS = 60_000;

export interface RequestWindow {
  /** epoch ms */
  windowStart: number;
  /** Requests per callable in this window. */
  counts: Partial<Record<LimitedCallable, number>>;
}

export type RequestDecision =
  { allowed: true; next: RequestWindow; sameWindow: boolean } | { allowed: false; retryAfterSeconds: number; perMinute: number };

/** One more request to `callable` now, against its limit a minute: the window with it counted, or how long to wait. */
export function decideRequest(
  window: RequestWindow | undefined,
  callable: LimitedCallable,
  perMinute: number,
  nowMs: number,
): RequestDecision {
  const sameWindow = window !== undefined && nowMs >= window.windowStart && nowMs - window.windowStart < REQUEST_WINDOW_MS;
  const current = sameWindow ? window : { windowStart: nowMs, counts: {} };
  const count = current.counts[callable] ?? 0;
  if (count >= perMinute) {
    const retryAfterSeconds = Math.max(1, Math.ceil((current.windowStart + REQUEST_WINDOW_MS - nowMs) / 1000));
    return { allowed: false, retryAfterSeconds, perMinute };
  }
  return { allowed: true, next: { windowStart: current.windowStart, counts: { ...current.counts, [callable]: count + 1 } }, sameWindow };
}
