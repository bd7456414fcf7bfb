import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnosisFacts } from '../../functions/src/domain/diagnosis/diagnose.js';
import { explainPushResult } from '../../functions/src/domain/diagnosis/push-error-advice.js';

const NOW = 1_800_000_000_000;

function facts(overrides: Partial<DiagnosisFacts['invitation']> = {}, receipts: DiagnosisFacts['receipts'] = []): DiagnosisFacts {
  return {
    nowMs: NOW,
    invitation: {
      id: 'inv',
      status: 'ringing',
      callerId: 'alice',
      calleeId: 'bob',
      conversationId: 'c',
      messageId: 'm',
      createdAt: NOW - 10_000,
      expiresAt: NOW + 35_000,
      calleeOnlineAtSend: true,
      delivery: { state: 'sent', transport: 'fcm', attemptedAt: NOW - 9_900, devices: [{ deviceId: 'd', platform: 'android', ok: true }] },
      deliveries: {},
      ...overrides,
    },
    message: { invitationId: 'inv', status: overrides.status ?? 'ringing' },
    conversationMemberIds: ['alice', 'bob'],
    receipts,
    devicesNow: [{ deviceId: 'd', platform: 'android', hasToken: true, createdAt: NOW - 86_400_000, updatedAt: NOW - 3_600_000 }],
  };
}

describe('explainPushResult', () => {
  it.each([
    ['messaging/third-party-auth-error', 'ios', 'APNs authentication key'],
    ['messaging/mismatched-credential', 'android', 'another Firebase project'],
    ['messaging/registration-token-not-registered', 'android', 'uninstalled'],
    ['messaging/invalid-registration-token', 'web', 'malformed'],
    ['messaging/server-unavailable', 'android', 'retry'],
    ['messaging/internal-error', 'ios', 'fault on its side'],
    ['messaging/something-new', 'web', 'messaging/something-new'],
  ])('%s on %s mentions "%s"', (code, platform, words) => {
    expect(explainPushResult(code, platform, 'en').toLowerCase()).toContain(words.toLowerCase());
  });

  it('warns that a killed iOS app needs a VoIP push, which FCM cannot send', () => {
    expect(explainPushResult(undefined, 'ios', 'en')).toContain('PushKit');
    expect(explainPushResult(undefined, 'ios', 'zh')).toContain('VoIP');
  });
});

describe('diagnose', () => {
  it('passes a call that rang and was pushed in time', () => {
    const report = diagnose(
      facts({}, [{ deviceId: 'd', receivedAt: NOW - 9_500, source: 'push', priority: 'high', originalPriority: 'high' }]),
      'en',
    );
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([['outcome', 'skip']]);
    expect(report.checks.find((c) => c.id === 'push_timing')?.detail).toBe(
      'Attempted 0.1 s after the invitation, with 44.9 s of ringing left: a device that got it in that time could ring.',
    );
  });

  it('warns of a push attempted more than 5 s after the invitation', () => {
    const report = diagnose(
      facts({
        delivery: {
          state: 'sent',
          transport: 'fcm',
          attemptedAt: NOW - 2_000,
          devices: [{ deviceId: 'd', platform: 'android', ok: true }],
        },
      }),
      'en',
    );
    expect(report.checks.find((c) => c.id === 'push_timing')?.status).toBe('warn');
  });

  it('explains a ring sent again after a failure, and one lost for good', () => {
    const device = { deviceId: 'd', platform: 'android', ok: true };
    const again = diagnose(
      facts({ delivery: { state: 'sent', transport: 'fcm', attemptedAt: NOW - 900, devices: [device], takeovers: 1 } }),
      'en',
    );
    expect(again.checks.find((c) => c.id === 'push_timing')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('Sent again after a failure') as unknown,
    });
    const lost = diagnose(facts({ delivery: { state: 'expired', transport: 'fcm', devices: [], takeovers: 1 } }), 'zh');
    expect(lost.checks.find((c) => c.id === 'push_timing')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('最终丢失') as unknown,
    });
  });

  it('fails persisted when history and the invitation disagree', () => {
    const disagreeing = { ...facts({ status: 'accepted' }), message: { invitationId: 'inv', status: 'ringing' as const } };
    expect(diagnose(disagreeing, 'en').checks[0]).toMatchObject({ id: 'persisted', status: 'fail' });
  });

  it('warns when the stop-ringing push failed after the call ended', () => {
    const report = diagnose(
      facts({ status: 'cancelled', respondedAt: NOW - 5_000, deliveries: { call_cancelled: { state: 'failed', devices: [] } } }),
      'en',
    );
    expect(report.checks.find((c) => c.id === 'outcome')).toMatchObject({
      status: 'warn',
      detail: 'The call ended cancelled. The stop-ringing push: failed.',
    });
  });

  it('reports a call still waiting for its push trigger', () => {
    const report = diagnose(facts({ delivery: { state: 'pending', devices: [] } }), 'en');
    expect(report.checks.find((c) => c.id === 'push_transport')?.status).toBe('warn');
  });
});

describe('the ring_received check', () => {
  const ringReceived = (f: DiagnosisFacts) => diagnose(f, 'en').checks.find((c) => c.id === 'ring_received');

  it('names each device that rang and how long after the invitation', () => {
    const check = ringReceived(
      facts({}, [
        { deviceId: 'pixel', receivedAt: NOW - 8_800, source: 'push' },
        { deviceId: 'iphone', receivedAt: NOW - 8_000, source: 'voip' },
      ]),
    );
    expect(check).toMatchObject({
      status: 'pass',
      detail: 'pixel rang 1.2 s after the invitation (push); iphone rang 2 s after the invitation (voip).',
    });
  });

  it('waits quietly for a receipt while the call has just been pushed', () => {
    expect(ringReceived(facts())).toMatchObject({ status: 'skip', detail: 'No device has reported ringing yet.' });
  });

  it('warns, with advice, when the push was accepted but no device rang', () => {
    const check = ringReceived(facts({ status: 'missed', expiresAt: NOW - 1_000, createdAt: NOW - 46_000 }));
    expect(check?.status).toBe('warn');
    expect(check?.detail).toBe('The push was accepted for d (FCM), but no device reported ringing.');
    expect(check?.advice).toMatch(/battery saver.*full-screen-intent.*force-stopped/);
  });

  it('skips when no push was accepted, and for a busy call', () => {
    const failed = {
      state: 'failed',
      transport: 'fcm' as const,
      attemptedAt: NOW - 30_000,
      devices: [{ deviceId: 'd', platform: 'android', ok: false }],
    };
    expect(ringReceived(facts({ delivery: failed, createdAt: NOW - 31_000 }))?.status).toBe('skip');
    expect(ringReceived(facts({ status: 'busy' }))?.status).toBe('skip');
  });

  it('says it in Chinese', () => {
    const report = diagnose(facts({ status: 'declined' }), 'zh');
    expect(report.checks.find((c) => c.id === 'ring_received')?.detail).toBe('推送已被接收（d (FCM)），但没有设备报告响铃。');
  });
});

describe('the ring_priority check (Android)', () => {
  const ringPriority = (f: DiagnosisFacts, lang: 'en' | 'zh' = 'en') => diagnose(f, lang).checks.find((c) => c.id === 'ring_priority');
  const receipt = (priority: 'high' | 'normal', originalPriority: 'high' | 'normal') => ({
    deviceId: 'pixel',
    receivedAt: NOW - 9_000,
    source: 'push',
    priority,
    originalPriority,
  });

  it('passes when the ring arrived at the priority it was sent with', () => {
    expect(ringPriority(facts({}, [receipt('high', 'high')]))).toMatchObject({ status: 'pass', detail: 'Arrived as sent: pixel (high).' });
  });

  it('fails, with advice in en and zh, when Android lowered a high-priority ring to normal', () => {
    const en = ringPriority(facts({}, [receipt('normal', 'high')]));
    expect(en?.status).toBe('fail');
    expect(en?.detail).toContain('received it at normal priority');
    expect(en?.advice).toMatch(/show a notification.*canUseFullScreenIntent.*battery optimisation/s);
    const zh = ringPriority(facts({}, [receipt('normal', 'high')]), 'zh');
    expect(zh?.advice).toMatch(/显示通知.*canUseFullScreenIntent.*电池优化/s);
    expect(diagnose(facts({}, [receipt('normal', 'high')]), 'en').verdict).toContain('Ring priority');
  });

  it('skips when no device reported priorities (iOS, the web, an app that does not send them)', () => {
    expect(ringPriority(facts({}, [{ deviceId: 'iphone', receivedAt: NOW - 9_000, source: 'voip' }]))?.status).toBe('skip');
    expect(ringPriority(facts())?.status).toBe('skip');
  });
});

describe('APNs answers', () => {
  it.each([
    ['apns/Unregistered', 'APNS_ENVIRONMENT'],
    ['apns/BadDeviceToken', 'removed'],
    ['apns/TooManyRequests', 'retried'],
    ['apns/InvalidProviderToken', 'APNS_KEY_ID'],
    ['apns/DeviceTokenNotForTopic', 'APNS_BUNDLE_ID'],
    ['beckon/apns-not-configured', 'APNS_KEY'],
  ])('%s mentions "%s"', (code, words) => {
    expect(explainPushResult(code, 'ios', 'en', 'apns')).toContain(words);
  });

  it('explains an accepted VoIP push as CallKit ringing', () => {
    expect(explainPushResult(undefined, 'ios', 'en', 'apns')).toContain('CallKit');
  });
});

describe("the caller's view", () => {
  const callerFacts = (overrides: Partial<DiagnosisFacts['invitation']> = {}): DiagnosisFacts => ({
    ...facts({ delivery: { state: 'attempted', transport: 'fcm', attemptedAt: NOW - 9_900, devices: [] }, ...overrides }),
    view: 'caller',
    devicesNow: [],
  });

  it("walks only the caller's checks, with one summary of the callee's side", () => {
    const report = diagnose(callerFacts({ receivedAt: NOW - 8_500 }), 'en');
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['persisted', 'pass'],
      ['caller_confirmed', 'pass'],
      ['push_transport', 'pass'],
      ['push_timing', 'pass'],
      ['callee_side', 'pass'],
      ['outcome', 'skip'],
    ]);
    expect(report.checks.find((c) => c.id === 'callee_side')?.detail).toMatch(/^A device of the callee rang 1.5 s after the invitation\. /);
    expect(report.checks.find((c) => c.id === 'push_timing')?.detail).toBe('Beckon handled the push 0.1 s after the invitation.');
  });

  it('warns that nothing rang yet, and points to the callee for why', () => {
    const report = diagnose(callerFacts({ status: 'missed' }), 'en');
    expect(report.checks.find((c) => c.id === 'callee_side')).toMatchObject({ status: 'warn' });
    expect(report.verdict).toMatch(
      /^No link failed; look at: The callee's side\. No device of the callee has reported ringing\. .*ask them to run this diagnosis/,
    );
  });
});
