/**
 * How many invitations a caller may place: a fixed one-minute window per caller, counting all
 * invitations and those to each callee. Pure: the Firestore adapter stores the window and
 * counts the call in the invitation's own atomic batch, so a refused call writes nothing.
 */
export interface RateLimits {
  perMinute: number;
  perCalleePerMinute: number;
}

export const RATE_WINDOW_MS = 60_000;

export interface RateWindow {
  /** epoch ms */
  windowStart: number;
  count: number;
  /** Invitations per callee key in this window (see calleeKey). */
  perCallee: Record<string, number>;
}

export type RateDecision = { allowed: true; next: RateWindow } | { allowed: false; retryAfterSeconds: number; scope: 'all' | 'callee' };

/** A call to several callees counts once per callee, in all and for each of them. */
export function decideRate(window: RateWindow | undefined, calleeKeys: string[], limits: RateLimits, nowMs: number): RateDecision {
  const current = window && nowMs - window.windowStart < RATE_WINDOW_MS ? window : { windowStart: nowMs, count: 0, perCallee: {} };
  const retryAfterSeconds = Math.max(1, Math.ceil((current.windowStart + RATE_WINDOW_MS - nowMs) / 1000));
  if (current.count + calleeKeys.length > limits.perMinute) return { allowed: false, retryAfterSeconds, scope: 'all' };
  if (calleeKeys.some((key) => (current.perCallee[key] ?? 0) >= limits.perCalleePerMinute)) {
    return { allowed: false, retryAfterSeconds, scope: 'callee' };
  }
  const perCallee = { ...current.perCallee };
  for (const key of calleeKeys) perCallee[key] = (perCallee[key] ?? 0) + 1;
  return { allowed: true, next: { windowStart: current.windowStart, count: current.count + calleeKeys.length, perCallee } };
}
