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

export function decideRate(window: RateWindow | undefined, calleeKey: string, limits: RateLimits, nowMs: number): RateDecision {
  const current = window && nowMs - window.windowStart < RATE_WINDOW_MS ? window : { windowStart: nowMs, count: 0, perCallee: {} };
  const retryAfterSeconds = Math.max(1, Math.ceil((current.windowStart + RATE_WINDOW_MS - nowMs) / 1000));
  if (current.count >= limits.perMinute) return { allowed: false, retryAfterSeconds, scope: 'all' };
  if ((current.perCallee[calleeKey] ?? 0) >= limits.perCalleePerMinute) return { allowed: false, retryAfterSeconds, scope: 'callee' };
  return {
    allowed: true,
    next: {
      windowStart: current.windowStart,
      count: current.count + 1,
      perCallee: { ...current.perCallee, [calleeKey]: (current.perCallee[calleeKey] ?? 0) + 1 },
    },
  };
}
