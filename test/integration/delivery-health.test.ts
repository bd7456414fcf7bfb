import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetDeliveryHealthRequest, GetDeliveryHealthResponse, HealthGroup } from '../../functions/src/contract/index.js';
import { adminAuth, finalDelivery } from '../support/admin.js';
import { type AppUser, anonymousCaller, deleteClientApps, signUp } from '../support/client.js';
import { callError, cancelCall, registerDevice, respond, sendInvitation } from '../support/fixtures.js';
import { eventsAwaitingRetry, injectFaults, stopFaults } from '../support/faults.js';

// The fleet's delivery health (issue 30), through the callables as apps and an operator use them:
// rings counted as they go out, receipts as they come in, read back by getDeliveryHealth. The
// counters are the whole emulator run's: each test's devices carry an app version of their own,
// and its groups are told apart by it.

afterAll(async () => {
  await stopFaults();
  await deleteClientApps();
});

let operator: AppUser;
beforeAll(async () => {
  operator = await signUp('Operator');
  // As docs/operating.md shows: the custom claim, set with the Admin SDK; the app refreshes its token.
  await adminAuth().setCustomUserClaims(operator.uid, { beckonOperator: true });
  await operator.auth.currentUser?.getIdToken(true);
});

const health = (request: GetDeliveryHealthRequest = {}) => operator.beckon.deliveryHealth(request);
const healthCli = (args: string[]) =>
  spawnSync(process.execPath, ['.beckon/tools/cli/health.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const groupOf = (answer: GetDeliveryHealthResponse, platform: string, appVersion: string): HealthGroup | undefined =>
  answer.groups.find((group) => group.platform === platform && group.appVersion === appVersion);

describe('getDeliveryHealth', () => {
  it('answers operators only: permission-denied for any other user, unauthenticated for nobody', async () => {
    const user = await signUp();
    const refused = await callError(user.call('getDeliveryHealth', {}));
    expect(refused.code).toBe('permission-denied');
    expect(refused.message).toContain('beckonOperator');
    expect((await callError(anonymousCaller().call('getDeliveryHealth', {}))).code).toBe('unauthenticated');
    const bad = await callError(operator.call('getDeliveryHealth', { groupBy: ['platform', 'platform'] }));
    expect(bad.code).toBe('invalid-argument');
  });

  it('counts rings sent and received by platform and app version, the time to ring, and a lowered priority', async () => {
    const version = `7.${randomUUID().slice(0, 8)}`;
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { deviceId: 'pixel', platform: 'android', ringStyle: 'native', appVersion: version });
    await registerDevice(callee, {
      deviceId: 'iphone',
      platform: 'ios',
      fcmToken: undefined,
      voipToken: `fake-apns-${randomUUID()}`,
      appVersion: version,
    });
    await registerDevice(callee, { deviceId: 'laptop', platform: 'web', appVersion: version });
    const before = await health();
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await finalDelivery(sent.invitationId)).state).toBe('sent');
    // The Android ring arrived at normal priority though sent high (Android lowered it); the web one never came.
    await callee.beckon.acknowledge(sent.invitationId, { deviceId: 'pixel', source: 'push', priority: 'normal', originalPriority: 'high' });
    await callee.beckon.acknowledge(sent.invitationId, { deviceId: 'iphone', source: 'voip' });
    await respond(callee, sent.invitationId, 'accept', 'pixel');

    const answer = await health();
    expect(groupOf(answer, 'android', version)).toMatchObject({
      ringsSent: 1,
      ringsFailed: 0,
      ringsReceived: 1,
      receivedShare: 1,
      priorityLowered: 1,
      timeToRingMs: { p50: expect.any(Number), p95: expect.any(Number) },
    });
    expect(groupOf(answer, 'ios', version)).toMatchObject({ ringsSent: 1, ringsReceived: 1, receivedShare: 1, priorityLowered: 0 });
    expect(groupOf(answer, 'web', version)).toMatchObject({ ringsSent: 1, ringsReceived: 0, receivedShare: 0, timeToRingMs: null });
    expect(answer.outcomes.answered - before.outcomes.answered).toBe(1);

    // npm run health: the same numbers in a terminal, and an exit code for an alert.
    const table = healthCli([]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`android ${version.replace('.', '\\.')} +1 +0 +1 +100\\.0 %`));
    const alert = healthCli(['--json', '--min-received', '0.5']);
    expect(alert.status).toBe(1);
    const json = JSON.parse(alert.stdout) as GetDeliveryHealthResponse & { breaches: string[] };
    expect(json.groups).toEqual(expect.arrayContaining([groupOf(answer, 'web', version)]));
    expect(json.breaches).toContain(`web ${version}: received 0.0 % of 1 rings, under 50.0 %`);
    // By channel: the iPhone rang through APNs, the others through FCM.
    const byChannel = await health({ groupBy: ['appVersion', 'channel'] });
    const mine = byChannel.groups.filter((group) => group.appVersion === version);
    expect(mine.map((group) => [group.channel, group.ringsSent]).sort()).toEqual([
      ['apns', 1],
      ['fcm', 2],
    ]);
  });

  it('counts failed rings by error code, and a retried ring once', async () => {
    const version = `8.${randomUUID().slice(0, 8)}`;
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Carol')]);
    await registerDevice(callee, { deviceId: 'ok', platform: 'android', appVersion: version });
    await registerDevice(callee, {
      deviceId: 'dead',
      platform: 'android',
      fcmToken: `fake-unregistered-${randomUUID()}`,
      appVersion: version,
    });
    // A debug build's VoIP token (sandbox) rung from a production deployment: APNs refuses it.
    await registerDevice(callee, {
      deviceId: 'debug-iphone',
      platform: 'ios',
      fcmToken: undefined,
      voipToken: `fake-apns-bad-${randomUUID()}`,
      apnsEnvironment: 'sandbox',
      appVersion: version,
    });
    // Every event of this callee's call handled twice at once, as at-least-once delivery may.
    await injectFaults({ 'trigger.duplicate': 1 }, {}, { 'trigger.duplicate': [callee.uid] });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);
    await cancelCall(caller, sent.callId);
    await stopFaults();
    await expect.poll(async () => (await eventsAwaitingRetry()).length, { timeout: 10_000 }).toBe(0);
    const answer = await health();
    expect(groupOf(answer, 'android', version)).toMatchObject({
      ringsSent: 1,
      ringsFailed: 1,
      errors: { 'messaging/registration-token-not-registered': 1 },
    });
    // The refused sandbox token is shown as the mismatch it is, in the counts and in the callee's diagnosis.
    expect(groupOf(answer, 'ios', version)).toMatchObject({
      ringsSent: 0,
      ringsFailed: 1,
      errors: { 'beckon/apns-environment-mismatch': 1 },
    });
    const record = await finalDelivery(sent.invitationId);
    expect(record.devices.find((device: { deviceId: string }) => device.deviceId === 'debug-iphone')).toMatchObject({
      ok: false,
      errorCode: 'apns/BadDeviceToken',
      apnsEnvironmentMismatch: { token: 'sandbox', server: 'production' },
    });
    const diagnosis = await callee.beckon.diagnose(sent.invitationId);
    expect(diagnosis.checks.find((check) => check.id === 'push_result')?.detail).toContain('APNs refused a sandbox VoIP token');
    // Said at registration too: a sandbox environment with no VoIP token is refused.
    const refused = await callError(
      callee.beckon.registerDevice({ deviceId: 'pixel', platform: 'android', fcmToken: 't', apnsEnvironment: 'sandbox' }),
    );
    expect(refused).toMatchObject({
      code: 'invalid-argument',
      details: { issues: [{ field: 'apnsEnvironment', message: 'only with a voipToken' }] },
    });
  });

  it('lists a device rung three times without a receipt as silent, with advice, until it gives one', async () => {
    const version = `9.${randomUUID().slice(0, 8)}`;
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Dave')]);
    await registerDevice(callee, { deviceId: 'quiet', platform: 'android', appVersion: version });
    for (let ring = 0; ring < 3; ring++) {
      const sent = await sendInvitation(caller, { calleeId: callee.uid, requestId: randomUUID() });
      await finalDelivery(sent.invitationId);
      await cancelCall(caller, sent.callId);
    }
    const silent = (await health({ lang: 'zh' })).silentDevices.find((device) => device.uid === callee.uid);
    expect(silent).toMatchObject({ deviceId: 'quiet', platform: 'android', appVersion: version, ringsSent: 3 });
    expect(silent?.advice).toContain('电池优化');
    expect(silent?.lastReceiptAtMs).toBeUndefined();

    const sent = await sendInvitation(caller, { calleeId: callee.uid, requestId: randomUUID() });
    await finalDelivery(sent.invitationId);
    await callee.beckon.acknowledge(sent.invitationId, { deviceId: 'quiet', source: 'push' });
    await cancelCall(caller, sent.callId);
    expect((await health()).silentDevices.find((device) => device.uid === callee.uid)).toBeUndefined();
  });
});
