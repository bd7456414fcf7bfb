import { PRESENCE_FRESH_MS } from '../../contract/call-states.js';

export { PRESENCE_FRESH_MS };

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
