import { describe, expect, it } from 'vitest';
import { TIME_TO_RING_EDGES_MS, percentileOf, timeToRingBucket } from '../../functions/src/domain/health/time-to-ring.js';
import { type StoredCounters, healthGroups, healthOutcomes } from '../../functions/src/domain/health/health-report.js';
import { counterDocId, groupKey, hoursIn } from '../../functions/src/domain/health/health-keys.js';
import { silentDevices } from '../../functions/src/domain/health/silent-devices.js';
import { outcomeCounts } from '../../functions/src/domain/health/call-outcome-counts.js';
import { APNS_ENVIRONMENT_MISMATCH, ringTally } from '../../functions/src/domain/health/ring-tally.js';
import { withApnsEnvironmentMismatch } from '../../functions/src/domain/push/delivery.js';
import { explainApnsEnvironmentMismatch } from '../../functions/src/domain/diagnosis/push-error-advice.js';
import { getDeliveryHealthRequestSchema } from '../../functions/src/contract/index.js';

// The fleet's delivery health, pure: the time-to-ring histogram and its percentiles, how counter
// documents add up, which devices are silent, and what a call's change counts.

describe('the time-to-ring histogram', () => {
  it('puts each time in the bucket whose upper edge is the first at or above it, and anything past 64 s in `over`', () => {
    expect(timeToRingBucket(0)).toBe('100');
    expect(timeToRingBucket(100)).toBe('100');
    expect(timeToRingBucket(101)).toBe('125');
    expect(timeToRingBucket(999)).toBe('1000');
    expect(timeToRingBucket(64_000)).toBe('64000');
    expect(timeToRingBucket(64_001)).toBe('over');
  });

  it('has edges no more than 25 % apart, so a percentile read from them is at most 25 % over the true value', () => {
    for (let i = 1; i < TIME_TO_RING_EDGES_MS.length; i++) {
      const ratio = (TIME_TO_RING_EDGES_MS[i] as number) / (TIME_TO_RING_EDGES_MS[i - 1] as number);
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThanOrEqual(1.28);
    }
  });

  it('answers each percentile with the upper edge of the bucket its rank falls in, never below the true value', () => {
    expect(percentileOf({}, 50)).toBeNull();
    // 100 samples: 1..100 s spread as 60 at 400 ms, 35 at 1.2 s, 5 at 9 s.
    const samples = [...Array(60).fill(400), ...Array(35).fill(1_200), ...Array(5).fill(9_000)];
    const counts: Record<string, number> = {};
    for (const ms of samples) counts[timeToRingBucket(ms)] = (counts[timeToRingBucket(ms)] ?? 0) + 1;
    expect(percentileOf(counts, 50)).toBe(400);
    expect(percentileOf(counts, 95)).toBe(1_250);
    expect(percentileOf(counts, 96)).toBe(10_000);
    for (const p of [50, 95, 96]) {
      const exact = [...samples].sort((a, b) => a - b)[Math.ceil((p / 100) * samples.length) - 1] as number;
      const read = percentileOf(counts, p) as number;
      expect(read).toBeGreaterThanOrEqual(exact);
      expect(read).toBeLessThanOrEqual(exact * 1.25);
    }
    expect(percentileOf({ over: 3 }, 50)).toBe(64_000);
  });
});

describe('the counter documents', () => {
  const android = { platform: 'android', appVersion: '2.1.0', ringStyle: 'native', channel: 'fcm' } as const;
  const oldAndroid = { ...android, appVersion: '2.0.0' } as const;
  const iphone = { platform: 'ios', appVersion: '2.1.0', ringStyle: 'notification', channel: 'apns' } as const;
  const documents: StoredCounters[] = [
    {
      groups: {
        [groupKey(android)]: { ...android, ringsSent: 10, ringsReceived: 9, timeToRing: { '400': 8, '1000': 1 }, priorityLowered: 1 },
        [groupKey(iphone)]: { ...iphone, ringsSent: 4, ringsFailed: 1, errors: { 'apns/BadDeviceToken': 1 } },
      },
      outcomes: { answered: 3, missed: 1 },
    },
    {
      groups: {
        [groupKey(android)]: { ...android, ringsSent: 10, ringsReceived: 10, timeToRing: { '400': 10 } },
        [groupKey(oldAndroid)]: { ...oldAndroid, ringsSent: 5, ringsReceived: 1, timeToRing: { '2000': 1 } },
      },
      outcomes: { answered: 2, lost: 1 },
    },
  ];

  it('are named by their UTC hour and shard, and a window reads every hour it overlaps', () => {
    expect(counterDocId(Date.UTC(2026, 11, 7, 9), 3)).toBe('2026120709-3');
    expect(hoursIn(Date.UTC(2026, 11, 7, 9, 30), Date.UTC(2026, 11, 7, 11, 0))).toEqual([
      Date.UTC(2026, 11, 7, 9),
      Date.UTC(2026, 11, 7, 10),
    ]);
  });

  it('add up, every shard and hour, by the dimensions asked for, with the received share and the percentiles', () => {
    const byVersion = healthGroups(documents, ['platform', 'appVersion']);
    expect(byVersion).toEqual([
      {
        platform: 'android',
        appVersion: '2.1.0',
        ringsSent: 20,
        ringsFailed: 0,
        ringsReceived: 19,
        receivedShare: 0.95,
        // 18 receipts in the 400 ms bucket and one in the 1 s one: the 95th of 19 is the slowest.
        timeToRingMs: { p50: 400, p95: 1_000 },
        priorityLowered: 1,
        errors: {},
      },
      {
        platform: 'android',
        appVersion: '2.0.0',
        ringsSent: 5,
        ringsFailed: 0,
        ringsReceived: 1,
        receivedShare: 0.2,
        timeToRingMs: { p50: 2_000, p95: 2_000 },
        priorityLowered: 0,
        errors: {},
      },
      {
        platform: 'ios',
        appVersion: '2.1.0',
        ringsSent: 4,
        ringsFailed: 1,
        ringsReceived: 0,
        receivedShare: 0,
        timeToRingMs: null,
        priorityLowered: 0,
        errors: { 'apns/BadDeviceToken': 1 },
      },
    ]);
    const byChannel = healthGroups(documents, ['channel']);
    expect(byChannel.map((group) => [group.channel, group.ringsSent])).toEqual([
      ['fcm', 25],
      ['apns', 4],
    ]);
    expect(healthGroups([], ['platform'])).toEqual([]);
    expect(healthOutcomes(documents)).toEqual({ answered: 5, declined: 0, missed: 1, cancelled: 0, busy: 0, lost: 1 });
  });
});

describe('silent devices', () => {
  const NOW = Date.UTC(2026, 11, 7, 12);
  const device = (ringsSinceReceipt: number, lastRingAtMs: number | undefined, platform: 'android' | 'ios' | 'web' = 'android') => ({
    uid: `u${ringsSinceReceipt}`,
    deviceId: 'phone',
    platform,
    ringsSinceReceipt,
    ...(lastRingAtMs === undefined ? {} : { lastRingAtMs }),
  });

  it('are those rung three times or more since their last receipt, the last within the window, most rings first, with advice', () => {
    const found = silentDevices(
      [device(2, NOW - 1_000), device(3, NOW - 1_000, 'ios'), device(7, NOW - 2_000), device(9, NOW - 3 * 86_400_000)],
      NOW - 86_400_000,
      NOW,
      'en',
    );
    expect(found.map((d) => [d.uid, d.ringsSent])).toEqual([
      ['u7', 7],
      ['u3', 3],
    ]);
    expect(found[0]?.advice).toContain('battery optimisation');
    expect(found[1]?.advice).toContain('CallKit');
    const zh = silentDevices([device(4, NOW - 1_000, 'web')], NOW - 86_400_000, NOW, 'zh');
    expect(zh[0]?.advice).toContain('通知权限');
  });
});

describe('what is counted', () => {
  it('a ring’s final record: each device sent or failed, by its registration; one unknown falls back to the record', () => {
    const lines = ringTally(
      [
        { deviceId: 'phone', platform: 'android', channel: 'fcm', ok: true },
        { deviceId: 'iphone', platform: 'ios', channel: 'apns', ok: false, errorCode: 'apns/Unregistered' },
        { deviceId: 'gone', platform: 'web', ok: true },
      ],
      new Map([
        ['phone', { deviceId: 'phone', platform: 'android', ringStyle: 'native', appVersion: '3.0' }],
        ['iphone', { deviceId: 'iphone', platform: 'ios' }],
      ] as const),
    );
    expect(lines).toEqual([
      { deviceId: 'phone', group: { platform: 'android', appVersion: '3.0', ringStyle: 'native', channel: 'fcm' }, ok: true },
      {
        deviceId: 'iphone',
        group: { platform: 'ios', appVersion: 'unknown', ringStyle: 'notification', channel: 'apns' },
        ok: false,
        errorCode: 'apns/Unregistered',
      },
      { deviceId: 'gone', group: { platform: 'web', appVersion: 'unknown', ringStyle: 'notification', channel: 'fcm' }, ok: true },
    ]);
  });

  it('a call’s change: each ring it ends by its outcome, and whoever it declares lost; a hang-up counts nothing', () => {
    const call = { lostIds: [] as string[] };
    expect(outcomeCounts({ before: call, call, invitations: { bob: 'accepted', carol: 'cancelled', dave: 'missed' } } as never)).toEqual({
      answered: 1,
      cancelled: 1,
      missed: 1,
    });
    expect(outcomeCounts({ before: call, call: { lostIds: ['bob'] }, invitations: { bob: 'ended' } } as never)).toEqual({ lost: 1 });
    expect(outcomeCounts({ before: call, call, invitations: { bob: 'ended' } } as never)).toEqual({});
  });

  it('a request: a window of 31 days at most, from before to, each dimension once', () => {
    expect(getDeliveryHealthRequestSchema.safeParse({}).success).toBe(true);
    expect(getDeliveryHealthRequestSchema.safeParse({ fromMs: 10, toMs: 5 }).success).toBe(false);
    expect(getDeliveryHealthRequestSchema.safeParse({ fromMs: 0, toMs: 32 * 86_400_000 }).success).toBe(false);
    expect(getDeliveryHealthRequestSchema.safeParse({ groupBy: ['platform', 'platform'] }).success).toBe(false);
    expect(getDeliveryHealthRequestSchema.safeParse({ groupBy: ['channel', 'ringStyle'] }).success).toBe(true);
  });
});

describe('a VoIP token of the other APNs environment', () => {
  const refused = { deviceId: 'iphone', platform: 'ios', channel: 'apns' as const, ok: false, errorCode: 'apns/BadDeviceToken' };

  it('is said as that mismatch only when APNs refused it and the app said which environment it is for', () => {
    expect(withApnsEnvironmentMismatch(refused, 'sandbox', 'production')).toEqual({
      ...refused,
      apnsEnvironmentMismatch: { token: 'sandbox', server: 'production' },
    });
    expect(
      withApnsEnvironmentMismatch({ ...refused, errorCode: 'apns/DeviceTokenNotForTopic' }, 'production', 'sandbox')
        .apnsEnvironmentMismatch,
    ).toEqual({
      token: 'production',
      server: 'sandbox',
    });
    expect(withApnsEnvironmentMismatch(refused, 'production', 'production')).toEqual(refused);
    expect(withApnsEnvironmentMismatch(refused, undefined, 'production')).toEqual(refused);
    expect(withApnsEnvironmentMismatch({ ...refused, errorCode: 'apns/Unregistered' }, 'sandbox', 'production')).not.toHaveProperty(
      'apnsEnvironmentMismatch',
    );
    expect(withApnsEnvironmentMismatch({ ...refused, ok: true, errorCode: undefined }, 'sandbox', 'production')).not.toHaveProperty(
      'apnsEnvironmentMismatch',
    );
  });

  it('is counted under its own code, and the diagnosis says which build to ring from where', () => {
    const line = withApnsEnvironmentMismatch(refused, 'sandbox', 'production');
    expect(ringTally([line], new Map())[0]?.errorCode).toBe(APNS_ENVIRONMENT_MISMATCH);
    expect(explainApnsEnvironmentMismatch({ token: 'sandbox', server: 'production' }, 'en')).toContain('APNS_ENVIRONMENT=sandbox');
    expect(explainApnsEnvironmentMismatch({ token: 'production', server: 'sandbox' }, 'zh')).toContain('APNS_ENVIRONMENT=production');
  });
});
