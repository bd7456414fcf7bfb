import { doc, getDoc } from 'firebase/firestore';
import type { DocumentData } from 'firebase-admin/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDb, finalDeliveryOf, outboxOfKind, waitForAdminDoc } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { outcomes, registerDevice, respond, sendInvitation } from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import { RACE_ROUNDS, TIMER_PARALLEL, inBatches } from '../support/rounds.js';

afterAll(deleteClientApps);

// Each call here rings 5 s (`ringSeconds`). These run in the second emulator boot of `npm test`,
// where few other calls ring: the emulator's expiry tasks hold a dispatch slot while they wait.
const RING_SECONDS = 5;

/**
 * How late after expiresAt a timed-out call may be marked missed here. Deployed, Cloud Tasks runs
 * the expiry task at expiresAt; the emulator runs it at once and retries it every 1-2 s, a few at a
 * time per queue, so its lateness is a property of the emulator on a loaded machine, measured by
 * `npm run bench` (ring timeouts). This bound only catches a timeout that never comes by itself,
 * with a wide margin over the worst lateness measured there.
 */
const MISSED_WITHIN_MS = 30_000;

describe('the ring timeout', () => {
  it('makes an unanswered call missed by itself, tells the caller, and stops every device ringing', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { deviceId: 'phone', platform: 'android', locale: 'zh-CN' });
    await registerDevice(callee, { deviceId: 'laptop', platform: 'web', locale: 'en-US' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio', ringSeconds: RING_SECONDS });
    const callerScreen = listen(doc(caller.db, 'callInvitations', sent.invitationId));
    await callerScreen.ready;

    const missed = await callerScreen.waitFor((s) => s.data()?.status === 'missed', 'the call to be missed', MISSED_WITHIN_MS + 10_000);
    callerScreen.stop();
    const lateByMs = missed.data()?.respondedAt.toMillis() - sent.expiresAt;
    expect(lateByMs).toBeGreaterThanOrEqual(0);
    expect(lateByMs).toBeLessThanOrEqual(MISSED_WITHIN_MS);
    expect(missed.data()?.respondedBy).toBeNull();
    const message = (await getDoc(doc(callee.db, 'conversations', sent.conversationId, 'messages', sent.systemMessage.id))).data();
    expect(message?.callInvitation.status).toBe('missed');

    await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    await finalDeliveryOf(sent.invitationId, 'missed_call');
    const stops = await outboxOfKind(sent.invitationId, 'call_cancelled');
    expect(stops.map((p) => p.message.data.reason)).toEqual(['missed', 'missed']);
    const notices = Object.fromEntries((await outboxOfKind(sent.invitationId, 'missed_call')).map((p) => [p.deviceId, p.message]));
    expect(notices.phone.android.notification).toEqual({ title: '未接来电', body: '来自 Alice 的未接语音通话', tag: sent.invitationId });
    expect(notices.laptop.webpush.notification).toMatchObject({ title: 'Missed call', body: 'Missed audio call from Alice' });
    expect(notices.phone.data).toMatchObject({ type: 'missed_call', reason: 'missed', callType: 'audio' });

    // The callee's diagnosis: the stop-ringing push and the in-app popup are their side of the call.
    const report = await callee.beckon.diagnose(sent.invitationId);
    const outcome = report.checks.find((check) => check.id === 'outcome');
    expect(outcome).toMatchObject({ status: 'pass' });
    expect(outcome?.detail).toBe('The call ended missed. The stop-ringing push: sent.');
    expect(report.checks.find((check) => check.id === 'in_app_visible')?.detail).toMatch(/ for 5 s: /);
  });

  it('marks each of several unanswered calls missed, never before expiresAt', { timeout: 90_000 }, async () => {
    const caller = await signUp();
    const callees = await Promise.all(Array.from({ length: 5 }, () => signUp()));
    const sent = await Promise.all(callees.map((callee) => sendInvitation(caller, { calleeId: callee.uid, ringSeconds: RING_SECONDS })));

    const lateness = await Promise.all(
      sent.map(async (invitation) => {
        const missed = (d: DocumentData | undefined) => d?.status === 'missed';
        const data = await waitForAdminDoc(`callInvitations/${invitation.invitationId}`, missed, 'missed', MISSED_WITHIN_MS + 10_000);
        return data?.respondedAt.toMillis() - invitation.expiresAt;
      }),
    );
    for (const late of lateness) {
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThanOrEqual(MISSED_WITHIN_MS);
    }
  });
});

describe('races with the timer', () => {
  it(`decline while the ring timer expires: one wins (${RACE_ROUNDS} rounds)`, { timeout: 300_000 }, async () => {
    const rounds = await inBatches(
      RACE_ROUNDS,
      async (index) => {
        // A caller of its own each round: the abuse limit allows one caller 30 calls a minute.
        const [caller, callee] = await Promise.all([signUp(), signUp()]);
        const invitation = await sendInvitation(caller, { calleeId: callee.uid, ringSeconds: RING_SECONDS });
        // The declines are fired around their calls' expiresAt, spread from 1.6 s before (it should win,
        // unless the callable takes that long) to 0.4 s after (the timer or the late decline itself
        // makes it missed), so that a few rounds see both outcomes.
        const offsetMs = -1_600 + Math.round((index / Math.max(1, RACE_ROUNDS - 1)) * 2_000);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, invitation.expiresAt + offsetMs - Date.now())));
        const race = await outcomes<{ status: string }>([respond(callee, invitation.invitationId, 'decline')]);
        const final = await waitForAdminDoc(
          `callInvitations/${invitation.invitationId}`,
          (d) => d?.status !== 'ringing',
          'the end of ringing',
          MISSED_WITHIN_MS + 10_000,
        );
        const message = await adminDb().doc(`conversations/${invitation.conversationId}/messages/${invitation.systemMessage.id}`).get();
        return { race, status: final?.status as string, historyStatus: message.data()?.callInvitation.status as string };
      },
      TIMER_PARALLEL,
    );

    expect(rounds).toHaveLength(RACE_ROUNDS);
    for (const round of rounds) {
      expect(['declined', 'missed']).toContain(round.status);
      expect(round.historyStatus).toBe(round.status);
      if (round.status === 'declined') {
        expect(round.race.ok).toEqual([{ status: 'declined' }]);
      } else {
        expect(round.race.errors).toEqual([{ code: 'failed-precondition', details: { status: 'missed' } }]);
      }
    }
    const declined = rounds.filter((r) => r.status === 'declined').length;
    console.log(`[races] decline vs ring timer: ${RACE_ROUNDS} rounds, declined won ${declined}, missed won ${RACE_ROUNDS - declined}`);
  });
});
