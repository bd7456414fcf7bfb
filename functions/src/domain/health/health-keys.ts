import type { Platform, PushChannel, RingStyle } from '../../contract/index.js';

// Where a count goes: one counter document per hour and shard, and in it one group per
// (platform, app version, ring style, channel). Pure: the adapter turns these into paths.

export const HOUR_MS = 3_600_000;

/** The hour a moment falls in, as epoch ms of its start (UTC). */
export const hourStartOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** `2026120712-3`: the hour (UTC, YYYYMMDDHH) and the shard, so an operator can read the ids. */
export function counterDocId(hourStartMs: number, shard: number): string {
  const hour = new Date(hourStartMs).toISOString().slice(0, 13).replace(/[-T]/g, '');
  return `${hour}-${shard}`;
}

/** The starts of the hours that overlap [fromMs, toMs). */
export function hoursIn(fromMs: number, toMs: number): number[] {
  const hours: number[] = [];
  for (let hour = hourStartOf(fromMs); hour < toMs; hour += HOUR_MS) hours.push(hour);
  return hours;
}

/** A device's app version when it registered none. */
export const UNKNOWN_APP_VERSION = 'unknown';

/** What a ring is counted by. */
export interface RingGroup {
  platform: Platform;
  appVersion: string;
  ringStyle: RingStyle;
  channel: PushChannel;
}

/**
 * The group's key in its counter document. Platform, ring style and channel are names without a
 * `|`, so the key tells the group apart whatever the app version holds.
 */
export const groupKey = (group: RingGroup): string => `${group.platform}|${group.appVersion}|${group.ringStyle}|${group.channel}`;
