import { type CallOutcomeName, type HealthDimension, type HealthGroup, callOutcomeNames } from '../../contract/index.js';
import type { RingGroup } from './health-keys.js';
import { addCounts, percentileOf } from './time-to-ring.js';

/** One group's counts in one counter document, as stored (any count may be absent). */
export interface StoredGroupCounts extends RingGroup {
  ringsSent?: number;
  ringsFailed?: number;
  ringsReceived?: number;
  priorityLowered?: number;
  errors?: Record<string, number>;
  timeToRing?: Record<string, number>;
}

/** One counter document: one hour, one shard. */
export interface StoredCounters {
  groups?: Record<string, StoredGroupCounts>;
  outcomes?: Partial<Record<CallOutcomeName, number>>;
}

interface Sum {
  dims: Partial<RingGroup>;
  ringsSent: number;
  ringsFailed: number;
  ringsReceived: number;
  priorityLowered: number;
  errors: Record<string, number>;
  timeToRing: Record<string, number>;
}

/**
 * Adds the counter documents of a window up, by the dimensions asked for: every group of every
 * shard of every hour that has the same values of those dimensions is one group of the answer.
 * Sorted by rings sent, most first.
 */
export function healthGroups(documents: readonly StoredCounters[], groupBy: readonly HealthDimension[]): HealthGroup[] {
  const sums = new Map<string, Sum>();
  for (const document of documents) {
    for (const stored of Object.values(document.groups ?? {})) {
      const dims = Object.fromEntries(groupBy.map((dim) => [dim, stored[dim]])) as Partial<RingGroup>;
      const key = JSON.stringify(groupBy.map((dim) => stored[dim]));
      const sum = sums.get(key) ?? {
        dims,
        ringsSent: 0,
        ringsFailed: 0,
        ringsReceived: 0,
        priorityLowered: 0,
        errors: {},
        timeToRing: {},
      };
      sum.ringsSent += stored.ringsSent ?? 0;
      sum.ringsFailed += stored.ringsFailed ?? 0;
      sum.ringsReceived += stored.ringsReceived ?? 0;
      sum.priorityLowered += stored.priorityLowered ?? 0;
      addCounts(sum.errors, stored.errors);
      addCounts(sum.timeToRing, stored.timeToRing);
      sums.set(key, sum);
    }
  }
  return [...sums.values()]
    .map((sum) => {
      const p50 = percentileOf(sum.timeToRing, 50);
      const p95 = percentileOf(sum.timeToRing, 95);
      return {
        ...sum.dims,
        ringsSent: sum.ringsSent,
        ringsFailed: sum.ringsFailed,
        ringsReceived: sum.ringsReceived,
        receivedShare: sum.ringsSent === 0 ? null : Math.min(1, sum.ringsReceived / sum.ringsSent),
        timeToRingMs: p50 === null || p95 === null ? null : { p50, p95 },
        priorityLowered: sum.priorityLowered,
        errors: sum.errors,
      };
    })
    .sort((a, b) => b.ringsSent - a.ringsSent);
}

/** The call outcomes of the window, every name present. */
export function healthOutcomes(documents: readonly StoredCounters[]): Record<CallOutcomeName, number> {
  const outcomes = Object.fromEntries(callOutcomeNames.map((name) => [name, 0])) as Record<CallOutcomeName, number>;
  for (const document of documents) for (const name of callOutcomeNames) outcomes[name] += document.outcomes?.[name] ?? 0;
  return outcomes;
}
