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

/** A device's `deviceHealth` line as a ring or a receipt leaves it (merged: each writes its own fields). */
function setDeviceLine(
  tx: Transaction,
  store: Collections,
  counting: HealthCounting,
  line: { uid: string; deviceId: string; group: RingGroup },
  fields: Partial<Pick<DeviceHealthDoc, 'lastRingAt' | 'lastReceiptAt'>> & { ringsSinceReceipt: number | FieldValue },
  nowMs: number,
): void {
  const { uid, deviceId, group } = line;
  const expireAt = Timestamp.fromMillis(nowMs + counting.retentionMs);
  tx.set(
    deviceHealthRef(store, uid, deviceId),
    { uid, deviceId, platform: group.platform, appVersion: group.appVersion, ...fields, expireAt },
    { merge: true },
  );
}

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
  const sums = new Map<string, { group: RingGroup; sent: number; failed: number; errors: Record<string, number> }>();
  for (const line of lines) {
    const key = groupKey(line.group);
    const sum = sums.get(key) ?? { group: line.group, sent: 0, failed: 0, errors: {} };
    sums.set(key, sum);
    if (line.ok) sum.sent += 1;
    else {
      sum.failed += 1;
      const code = line.errorCode ?? 'unknown';
      sum.errors[code] = (sum.errors[code] ?? 0) + 1;
    }
  }
  const groups = Object.fromEntries(
    [...sums].map(([key, { group, sent, failed, errors }]) => [
      key,
      {
        ...group,
        ringsSent: inc(sent),
        ringsFailed: inc(failed),
        errors: Object.fromEntries(Object.entries(errors).map(([code, n]) => [code, inc(n)])),
      },
    ]),
  );
  tx.set(ref, { ...stamp, groups }, { merge: true });
  const lastRingAt = Timestamp.fromMillis(nowMs);
  for (const line of lines.filter((l) => l.ok)) {
    setDeviceLine(tx, store, counting, { uid, ...line }, { ringsSinceReceipt: inc(1), lastRingAt }, nowMs);
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
    ...receipt.group,
    ringsReceived: inc(1),
    ...(receipt.priorityLowered ? { priorityLowered: inc(1) } : {}),
    ...timed,
  };
  tx.set(ref, { ...stamp, groups: { [groupKey(receipt.group)]: group } }, { merge: true });
  const lastReceiptAt = Timestamp.fromMillis(nowMs);
  setDeviceLine(tx, store, counting, receipt, { ringsSinceReceipt: receipt.ringCounted ? 0 : -1, lastReceiptAt }, nowMs);
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
