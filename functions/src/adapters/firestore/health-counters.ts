import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import type { CallOutcomeName } from '../../contract/index.js';
import { type RingGroup, counterDocId, groupKey, hourStartOf } from '../../domain/health/health-keys.js';
import type { RingTallyLine } from '../../domain/health/ring-tally.js';
import { timeToRingBucket } from '../../domain/health/time-to-ring.js';
import type { Collections } from './collections.js';
import { paths } from './paths.js';

// The fleet's delivery counters (getDeliveryHealth reads them). Every count is an increment
// written in the same transaction as the fact it counts (the ring's final record, a device's
// first receipt, a call's change), so a retried or duplicated event that changes nothing counts
// nothing. Each write goes to one of `shards` documents of its hour, picked at random, so that a
// burst of rings spreads over them; the reader adds the shards up.

/** How counts are written: HEALTH_COUNTER_SHARDS, HEALTH_RETENTION_DAYS. */
export interface HealthCounting {
  shards: number;
  retentionMs: number;
  random?(): number;
}

/** A device's line in `deviceHealth`: the rings the push service accepted since its last receipt. */
export interface DeviceHealthDoc {
  uid: string;
  deviceId: string;
  platform: string;
  appVersion?: string;
  ringsSinceReceipt: number;
  lastRingAt?: Timestamp;
  lastReceiptAt?: Timestamp;
  expireAt: Timestamp;
}

/** `deviceHealth/{id}`: the uid's length first, so no pair of uid and device id can share an id. */
export const deviceHealthRef = (store: Collections, uid: string, deviceId: string) =>
  store.db.collection(paths.deviceHealth).doc(`${uid.length}-${uid}-${deviceId}`);

function counterRef(store: Collections, counting: HealthCounting, nowMs: number) {
  const shard = Math.floor((counting.random ?? Math.random)() * counting.shards);
  const hour = hourStartOf(nowMs);
  return {
    ref: store.db.collection(paths.deliveryHealth).doc(counterDocId(hour, shard)),
    stamp: { hour: Timestamp.fromMillis(hour), expireAt: Timestamp.fromMillis(hour + counting.retentionMs) },
  };
}

const inc = (n: number) => FieldValue.increment(n);
const groupFields = (group: RingGroup) => ({ ...group });

/**
 * The ring's final outcome: each device sent or failed (by error code), and for each device the
 * push service accepted, one more ring since its last receipt.
 */
export function countRing(
  tx: Transaction,
  store: Collections,
  counting: HealthCounting,
  uid: string,
  lines: readonly RingTallyLine[],
  nowMs: number,
): void {
  if (lines.length === 0) return;
  const { ref, stamp } = counterRef(store, counting, nowMs);
  const groups: Record<string, Record<string, unknown>> = {};
  for (const line of lines) {
    const key = groupKey(line.group);
    const group = (groups[key] ??= { ...groupFields(line.group), ringsSent: 0, ringsFailed: 0, errors: {} as Record<string, number> });
    if (line.ok) group.ringsSent = (group.ringsSent as number) + 1;
    else {
      group.ringsFailed = (group.ringsFailed as number) + 1;
      const errors = group.errors as Record<string, number>;
      const code = line.errorCode ?? 'unknown';
      errors[code] = (errors[code] ?? 0) + 1;
    }
  }
  const increments = Object.fromEntries(
    Object.entries(groups).map(([key, group]) => [
      key,
      {
        ...group,
        ringsSent: inc(group.ringsSent as number),
        ringsFailed: inc(group.ringsFailed as number),
        errors: Object.fromEntries(Object.entries(group.errors as Record<string, number>).map(([code, n]) => [code, inc(n)])),
      },
    ]),
  );
  tx.set(ref, { ...stamp, groups: increments }, { merge: true });
  const at = Timestamp.fromMillis(nowMs);
  for (const line of lines.filter((l) => l.ok)) {
    tx.set(
      deviceHealthRef(store, uid, line.deviceId),
      {
        uid,
        deviceId: line.deviceId,
        platform: line.group.platform,
        appVersion: line.group.appVersion,
        ringsSinceReceipt: inc(1),
        lastRingAt: at,
        expireAt: Timestamp.fromMillis(nowMs + counting.retentionMs),
      },
      { merge: true },
    );
  }
}

/** A device's first receipt of a ring: received, its time from the send when known, a lowered priority. */
export interface ReceiptCount {
  uid: string;
  deviceId: string;
  group: RingGroup;
  /** From the ring's send to this receipt; undefined when the ring's record was not written yet. */
  timeToRingMs?: number;
  priorityLowered: boolean;
  /**
   * Whether the ring's worker has already counted this ring for the device. When it has not (the
   * app's listener answered before the record), it will: the device starts at -1 so that it lands on 0.
   */
  ringCounted: boolean;
}

export function countReceipt(tx: Transaction, store: Collections, counting: HealthCounting, receipt: ReceiptCount, nowMs: number): void {
  const { ref, stamp } = counterRef(store, counting, nowMs);
  const timed = receipt.timeToRingMs === undefined ? {} : { timeToRing: { [timeToRingBucket(Math.max(0, receipt.timeToRingMs))]: inc(1) } };
  const group = {
    ...groupFields(receipt.group),
    ringsReceived: inc(1),
    ...(receipt.priorityLowered ? { priorityLowered: inc(1) } : {}),
    ...timed,
  };
  tx.set(ref, { ...stamp, groups: { [groupKey(receipt.group)]: group } }, { merge: true });
  tx.set(
    deviceHealthRef(store, receipt.uid, receipt.deviceId),
    {
      uid: receipt.uid,
      deviceId: receipt.deviceId,
      platform: receipt.group.platform,
      appVersion: receipt.group.appVersion,
      ringsSinceReceipt: receipt.ringCounted ? 0 : -1,
      lastReceiptAt: Timestamp.fromMillis(nowMs),
      expireAt: Timestamp.fromMillis(nowMs + counting.retentionMs),
    },
    { merge: true },
  );
}

/** Each callee's ring, by how it ended, with the call's change that ended it. */
export function countOutcomes(
  tx: Transaction,
  store: Collections,
  counting: HealthCounting,
  outcomes: Partial<Record<CallOutcomeName, number>>,
  nowMs: number,
): void {
  const entries = Object.entries(outcomes).filter(([, n]) => (n ?? 0) > 0);
  if (entries.length === 0) return;
  const { ref, stamp } = counterRef(store, counting, nowMs);
  tx.set(ref, { ...stamp, outcomes: Object.fromEntries(entries.map(([name, n]) => [name, inc(n as number)])) }, { merge: true });
}
