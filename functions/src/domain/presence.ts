/** A presence heartbeat older than this means the app is gone, whatever `state` says. */
export const PRESENCE_FRESH_MS = 60_000;

export interface PresenceView {
  state: 'online' | 'offline';
  /** epoch ms */
  lastSeenAt: number;
}

export type PresenceVerdict = 'online' | 'offline' | 'stale' | 'unknown';

export function presenceVerdict(presence: PresenceView | undefined, nowMs: number): PresenceVerdict {
  if (!presence) return 'unknown';
  if (presence.state !== 'online') return 'offline';
  return nowMs - presence.lastSeenAt <= PRESENCE_FRESH_MS ? 'online' : 'stale';
}

export const isOnline = (presence: PresenceView | undefined, nowMs: number): boolean => presenceVerdict(presence, nowMs) === 'online';
