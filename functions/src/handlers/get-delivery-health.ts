import type { DiagnosisLanguage, GetDeliveryHealthResponse, HealthDimension } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { HOUR_MS, counterDocId, hourStartOf, hoursIn } from '../domain/health/health-keys.js';
import { type StoredCounters, healthGroups, healthOutcomes } from '../domain/health/health-report.js';
import { SILENT_AFTER_RINGS, silentDevices } from '../domain/health/silent-devices.js';
import type { CallerContext } from '../domain/users/caller-context.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { paths } from '../adapters/firestore/paths.js';
import type { DeviceHealthDoc, HealthCounting } from '../adapters/firestore/health-counters.js';
import { logEvent } from '../logs.js';

export interface DeliveryHealthDeps {
  store: Collections;
  healthCounting(): HealthCounting;
  now(): number;
}

/** At most this many silent devices are read and listed, most rings first. */
const MAX_SILENT_DEVICES = 200;
const DAY_MS = 24 * HOUR_MS;

/** What getDeliveryHealth is asked, parsed. */
export interface DeliveryHealthRequest {
  fromMs?: number;
  toMs?: number;
  groupBy?: HealthDimension[];
  lang: DiagnosisLanguage;
}

/**
 * The fleet's delivery health over a window of whole hours, for operators only: the custom claim
 * `beckonOperator: true`. Each read is logged with who asked.
 */
export async function getDeliveryHealth(
  deps: DeliveryHealthDeps,
  caller: CallerContext,
  request: DeliveryHealthRequest,
): Promise<GetDeliveryHealthResponse> {
  if (!caller.operator) throw new BeckonError('permission-denied', 'operators only: an account with the custom claim beckonOperator');
  const answer = await readDeliveryHealth(deps, request);
  logEvent('health.read', { uid: caller.uid, fromMs: answer.fromMs, toMs: answer.toMs });
  return answer;
}

/**
 * The counter documents of each hour of the window (every shard, in one read), added up by the
 * dimensions asked for, the devices that rang without a receipt, and the calls' outcomes. With
 * admin access and no check: `npm run health` reads it so.
 */
export async function readDeliveryHealth(deps: DeliveryHealthDeps, request: DeliveryHealthRequest): Promise<GetDeliveryHealthResponse> {
  const toMs = request.toMs ?? deps.now();
  const fromMs = hourStartOf(request.fromMs ?? toMs - DAY_MS);
  if (fromMs >= toMs) throw new BeckonError('invalid-argument', 'fromMs: must be before toMs', { field: 'fromMs' });
  const { shards } = deps.healthCounting();
  const refs = hoursIn(fromMs, toMs).flatMap((hour) =>
    Array.from({ length: shards }, (_, shard) => deps.store.db.collection(paths.deliveryHealth).doc(counterDocId(hour, shard))),
  );
  const [counters, devices] = await Promise.all([
    refs.length > 0 ? deps.store.db.getAll(...refs) : Promise.resolve([]),
    deps.store.db
      .collection(paths.deviceHealth)
      .where('ringsSinceReceipt', '>=', SILENT_AFTER_RINGS)
      .orderBy('ringsSinceReceipt', 'desc')
      .limit(MAX_SILENT_DEVICES)
      .get(),
  ]);
  const documents = counters.flatMap((snap) => (snap.exists ? [snap.data() as StoredCounters] : []));
  const facts = devices.docs.map((doc) => {
    const device = doc.data() as DeviceHealthDoc;
    return {
      uid: device.uid,
      deviceId: device.deviceId,
      platform: device.platform as 'android' | 'ios' | 'web',
      ...(device.appVersion ? { appVersion: device.appVersion } : {}),
      ringsSinceReceipt: device.ringsSinceReceipt,
      ...(device.lastRingAt ? { lastRingAtMs: device.lastRingAt.toMillis() } : {}),
      ...(device.lastReceiptAt ? { lastReceiptAtMs: device.lastReceiptAt.toMillis() } : {}),
    };
  });
  const groupBy = request.groupBy ?? ['platform', 'appVersion'];
  return {
    fromMs,
    toMs,
    groups: healthGroups(documents, groupBy),
    silentDevices: silentDevices(facts, fromMs, toMs, request.lang),
    outcomes: healthOutcomes(documents),
  };
}
