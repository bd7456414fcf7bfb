/**
 * Whether the people in a call are still there. While a user is in an accepted call, their app
 * proves it is alive with a heartbeat (`aliveAt` on their `activeCalls` entry, written by the app
 * under the rules' rate limit); entering the call counts as the first. A participant silent for
 * longer than the timeout has lost the call: an app that crashed, a phone that lost its network.
 * They are no longer busy from that moment, and the sweep takes them out of the call (reason
 * `lost`) within its period.
 */
export interface Liveness {
  /** How often an app in a call writes its heartbeat. */
  heartbeatSeconds: number;
  /** Silent for this long: lost. */
  timeoutMs: number;
}

export { LIVENESS_DEFAULTS } from '../../contract/call-states.js';

/**
 * The settings held to workable values: a heartbeat of at least a second, and at most a third of
 * the timeout, so that two lost writes in a row never lose a call.
 */
export function livenessOf(heartbeatSeconds: number, timeoutSeconds: number): Liveness {
  const timeout = Math.max(3, Math.round(timeoutSeconds));
  const heartbeat = Math.min(Math.max(1, Math.round(heartbeatSeconds)), Math.floor(timeout / 3));
  return { heartbeatSeconds: heartbeat, timeoutMs: timeout * 1000 };
}

/** Heard from within the timeout, as of `nowMs`. */
export const isAlive = (aliveAtMs: number, nowMs: number, timeoutMs: number): boolean => nowMs - aliveAtMs < timeoutMs;
