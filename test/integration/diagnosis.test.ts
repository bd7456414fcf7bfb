import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiagnoseCallInvitationResponse } from '../../functions/src/contract/index.js';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { adminDb, finalDelivery } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { callError, goOnline, registerDevice, respond, sendInvitation, storeCall } from '../support/fixtures.js';
import type { Invitation } from '../../functions/src/domain/call/invitation.js';

afterAll(deleteClientApps);

const diagnoseAs = (user: AppUser, invitationId: string, lang?: 'en' | 'zh') => user.beckon.diagnose(invitationId, lang);
const statusOf = (report: DiagnoseCallInvitationResponse) => Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
const check = (report: DiagnoseCallInvitationResponse, id: string) => report.checks.find((c) => c.id === id)!;

describe('diagnoseCallInvitation', () => {
  it('walks the checks in the design note order, and all hold for an online callee with working devices', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await goOnline(callee);
    await registerDevice(callee, { deviceId: 'pixel', platform: 'android' });
    await registerDevice(callee, { deviceId: 'iphone', platform: 'ios' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);
    await callee.beckon.acknowledge(sent.invitationId, { deviceId: 'pixel', source: 'push', priority: 'high', originalPriority: 'high' });

    const report = await diagnoseAs(callee, sent.invitationId);

    expect(report.checks.map((c) => c.id)).toEqual([
      'persisted',
      'caller_confirmed',
      'callee_presence',
      'in_app_visible',
      'push_transport',
      'devices',
      'push_result',
      'push_timing',
      'ring_received',
      'ring_priority',
      'outcome',
    ]);
    expect(statusOf(report)).toEqual({
      persisted: 'pass',
      caller_confirmed: 'pass',
      callee_presence: 'pass',
      in_app_visible: 'pass',
      push_transport: 'pass',
      devices: 'pass',
      push_result: 'pass',
      push_timing: 'pass',
      ring_received: 'pass',
      ring_priority: 'pass',
      outcome: 'skip',
    });
    expect(check(report, 'devices').detail).toMatch(/^2 device\(s\): /);
    expect(check(report, 'devices').detail).toMatch(/pixel \(android, token [\d.]+ s old\)/);
    expect(check(report, 'devices').detail).toMatch(/iphone \(ios, token [\d.]+ s old\)/);
    expect(check(report, 'push_result').detail).toContain('PushKit');
    expect(report.verdict).toBe('Every link held: the invitation was stored, shown and pushed.');
    expect((await diagnoseAs(caller, sent.invitationId)).verdict).toBe(report.verdict);
  });

  it('fails the ring priority when Android lowered a high-priority ring, with advice in English and Chinese (issue 21)', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { deviceId: 'pixel', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    const ring = (await finalDelivery(sent.invitationId)) as { devices: { deviceId: string }[] };
    expect(ring.devices.map((device) => device.deviceId)).toEqual(['pixel']);
    await callee.beckon.acknowledge(sent.invitationId, { deviceId: 'pixel', source: 'push', priority: 'normal', originalPriority: 'high' });
    const receipt = (await adminDb().doc(`callInvitations/${sent.invitationId}/receipts/pixel`).get()).data();
    expect(receipt).toMatchObject({ priority: 'normal', originalPriority: 'high', source: 'push' });

    const [en, zh] = await Promise.all([diagnoseAs(callee, sent.invitationId), diagnoseAs(callee, sent.invitationId, 'zh')]);
    expect(check(en, 'ring_priority')).toMatchObject({ status: 'fail' });
    expect(check(en, 'ring_priority').advice).toMatch(/canUseFullScreenIntent/);
    expect(check(zh, 'ring_priority').advice).toMatch(/电池优化/);
    expect(en.verdict).toMatch(/^The first failing link: Ring priority/);
    // The caller's view of the same call names no device and no priority.
    expect((await diagnoseAs(caller, sent.invitationId)).checks.map((c) => c.id)).not.toContain('ring_priority');
  });

  it('explains an uninstalled app and an offline callee, and names the warning in the verdict', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'old-phone', platform: 'android', fcmToken: 'fake-unregistered-diag' });
    await registerDevice(callee, { deviceId: 'new-phone', platform: 'android' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);

    const report = await diagnoseAs(callee, sent.invitationId);

    expect(statusOf(report)).toMatchObject({ callee_presence: 'warn', push_result: 'warn', devices: 'pass' });
    expect(check(report, 'push_result').detail).toContain('old-phone: messaging/registration-token-not-registered');
    expect(check(report, 'push_result').detail).toContain('uninstalled');
    expect(check(report, 'devices').detail).toContain('old-phone (android, token');
    expect(report.verdict).toMatch(/^No link failed; look at: Callee presence/);
  });

  it('fails push_result for a transient FCM fault, and says to retry', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { deviceId: 'flaky', platform: 'ios', fcmToken: 'fake-unavailable-diag' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);

    const report = await diagnoseAs(callee, sent.invitationId);

    expect(check(report, 'push_result')).toMatchObject({ status: 'fail' });
    expect(check(report, 'push_result').detail).toContain('FCM had a fault');
    expect(report.verdict).toMatch(/^The first failing link: Push result per device/);
  });

  it('fails devices for a callee who registered none, with what the app must do', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);

    const report = await diagnoseAs(callee, sent.invitationId);

    expect(statusOf(report)).toMatchObject({ devices: 'fail', push_result: 'skip', push_timing: 'skip' });
    expect(check(report, 'devices').advice).toContain('registerDevice');
    expect(report.verdict).toMatch(/^The first failing link: Callee devices/);
  });

  it('fails push_timing when the push came after the call had stopped ringing', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { platform: 'android' });
    // Stored as a trigger backlog would leave it: created a minute ago, expired 15 s ago.
    const stored = await storeCall(collections(adminDb()), {
      invitationId: `stale-${caller.uid}`,
      callerId: caller.uid,
      calleeId: callee.uid,
      conversationId: `stale-${caller.uid}`,
      nowMs: Date.now() - 60_000,
    });
    const [invitation] = stored.invitations as [Invitation];
    expect(await finalDelivery(invitation.id)).toMatchObject({ state: 'expired' });
    // Its ring timer may mark it missed at any moment, invitation and history line together: the
    // diagnosis reads the two in one snapshot, so the first links hold whenever it runs.

    const report = await diagnoseAs(caller, invitation.id);

    expect(check(report, 'push_timing')).toMatchObject({ status: 'fail' });
    expect(check(report, 'push_timing').detail).toContain('stopped ringing');
    // Stored whole (the call, its history line), so the first links hold and the push's lateness is the first to fail.
    expect(check(report, 'persisted')).toMatchObject({ status: 'pass' });
    expect(check(report, 'caller_confirmed')).toMatchObject({ status: 'pass' });
    expect(report.verdict).toMatch(/^The first failing link: Push timing/);
  });

  it('fails in_app_visible for a call that never rang because the callee was busy', async () => {
    const [caller, callee, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const first = await sendInvitation(caller, { calleeId: callee.uid });
    await respond(callee, first.invitationId, 'accept');
    const busy = await sendInvitation(other, { calleeId: callee.uid });
    await finalDelivery(busy.invitationId);

    const report = await diagnoseAs(callee, busy.invitationId);

    expect(check(report, 'in_app_visible')).toMatchObject({ status: 'fail' });
    expect(check(report, 'outcome')).toMatchObject({ status: 'pass' });
  });

  it('speaks Chinese when asked', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);
    const report = await diagnoseAs(callee, sent.invitationId, 'zh');
    expect(check(report, 'persisted').title).toBe('邀请已落库');
    expect(report.verdict).toMatch(/^第一个失败环节：被叫设备/);
  });

  it("answers the caller with their own checks and nothing of the callee's devices, errors or presence", async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await goOnline(callee);
    await registerDevice(callee, { deviceId: 'secret-pixel', platform: 'android', fcmToken: 'fake-unregistered-private' });
    await registerDevice(callee, { deviceId: 'secret-iphone', platform: 'ios', voipToken: 'fake-apns-unavailable-private' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId, 30_000);

    const report = await diagnoseAs(caller, sent.invitationId);

    expect(report.checks.map((c) => c.id)).toEqual([
      'persisted',
      'caller_confirmed',
      'push_transport',
      'push_timing',
      'callee_side',
      'outcome',
    ]);
    expect(statusOf(report)).toMatchObject({ persisted: 'pass', caller_confirmed: 'pass', push_transport: 'pass', callee_side: 'warn' });
    expect(check(report, 'callee_side').detail).toContain('ask them to run this diagnosis');
    const said = JSON.stringify(report);
    for (const secret of ['secret-pixel', 'secret-iphone', 'android', 'ios', 'messaging/', 'apns/', 'online', 'token', 'uninstalled']) {
      expect(said).not.toContain(secret);
    }
    // The callee, asking about the same call, gets everything.
    const theirs = await diagnoseAs(callee, sent.invitationId);
    expect(JSON.stringify(theirs)).toContain('secret-pixel');
    expect(check(theirs, 'callee_presence').status).toBe('pass');
  });

  it('is for the caller and the callee only, and refuses bad input', async () => {
    const [caller, callee, stranger] = await Promise.all([signUp(), signUp(), signUp()]);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect((await callError(diagnoseAs(stranger, sent.invitationId))).code).toBe('permission-denied');
    expect((await callError(diagnoseAs(caller, 'no-such-invitation'))).code).toBe('not-found');
    expect((await callError(caller.call('diagnoseCallInvitation', { invitationId: sent.invitationId, lang: 'fr' }))).code).toBe(
      'invalid-argument',
    );
  });
});

describe('npm run diagnose', () => {
  const cli = (invitationId: string) =>
    spawnSync(process.execPath, ['.beckon/tools/cli/diagnose.js', invitationId], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('prints the report as a table and exits 0 when every check passes, 1 when one fails', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await goOnline(callee);
    await registerDevice(callee, { deviceId: 'pixel', platform: 'android' });
    const good = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(good.invitationId);
    const [other, lonely] = await Promise.all([signUp(), signUp()]);
    const bad = await sendInvitation(other, { calleeId: lonely.uid });
    await finalDelivery(bad.invitationId);

    const ok = cli(good.invitationId);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Invitation ${good.invitationId}`);
    expect(ok.stdout).toMatch(/PASS {2}Invitation persisted/);
    // Every link held, unless the ring left more than 5 s after the invitation (a worker's cold
    // start on a loaded machine: seen at 11 s with three test files at a time), which the report
    // names as a warning and still exits 0. The rule itself is unit-tested (test/unit/diagnosis.test.ts).
    expect(ok.stdout).toMatch(/Every link held|No link failed; look at: Push timing\./);

    const failing = cli(bad.invitationId);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/FAIL {2}Callee devices/);
    expect(failing.stdout).toContain('The first failing link: Callee devices.');

    expect(cli('no-such-invitation').status).toBe(1);
  });
});

describe('sendTestPush', () => {
  it("sends to the user's own devices, explains each result, prunes a dead token, and is rate-limited", async () => {
    const user = await signUp();
    expect((await callError(user.beckon.sendTestPush())).code).toBe('not-found');
    await registerDevice(user, { deviceId: 'good', platform: 'web' });
    await registerDevice(user, { deviceId: 'gone', platform: 'android', fcmToken: 'fake-unregistered-test' });

    const result = await user.beckon.sendTestPush();

    expect(result.transport).toBe('emulator');
    const byDevice = Object.fromEntries(result.devices.map((d) => [d.deviceId, d]));
    expect(byDevice.good).toMatchObject({ ok: true, explanation: 'Accepted by FCM for delivery.' });
    expect(byDevice.gone).toMatchObject({ ok: false, errorCode: 'messaging/registration-token-not-registered' });
    expect(byDevice.gone?.explanation).toContain('uninstalled');
    expect((await adminDb().doc(`users/${user.uid}/devices/gone`).get()).data()?.fcmToken).toBeUndefined();

    const again = await callError(user.beckon.sendTestPush({ deviceId: 'good' }));
    expect(again.code).toBe('resource-exhausted');
    expect(again.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it('refuses a device that is not one of yours', async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    await registerDevice(owner, { deviceId: 'mine', platform: 'ios' });
    expect((await callError(other.beckon.sendTestPush({ deviceId: 'mine' }))).code).toBe('not-found');
  });
});
