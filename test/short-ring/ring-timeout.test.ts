import { doc, getDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDb, finalDeliveryOf, outboxOfKind, waitForAdminDoc } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { outcomes, registerDevice, respond, sendInvitation } from '../support/fixtures.js';
import { listen } from '../support/listen.js';

// These run against emulators started with RING_TIMEOUT_SECONDS=5 (the second run of `npm test`).
beforeAll(() => {
  if (process.env.RING_TIMEOUT_SECONDS !== '5') {
    throw new Error('the short-ring tests need RING_TIMEOUT_SECONDS=5: run them with `npm test`');
  }
});
afterAll(deleteClientApps);

const MISSED_WITHIN_MS = 5_000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

describe('the ring timeout', () => {
  it('makes an unanswered call missed by itself, tells the caller, and stops every device ringing', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { deviceId: 'phone', platform: 'android', locale: 'zh-CN' });
    await registerDevice(callee, { deviceId: 'laptop', platform: 'web', locale: 'en-US' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio' });
    const callerScreen = listen(doc(caller.db, 'callInvitations', sent.invitationId));
    await callerScreen.ready;

    const missed = await callerScreen.waitFor((s) => s.data()?.status === 'missed', 'the call to be missed', 15_000);
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

  it('marks each of several unanswered calls missed within 5 s of expiresAt', { timeout: 60_000 }, async () => {
    const caller = await signUp();
    const callees = await Promise.all(Array.from({ length: 10 }, () => signUp()));
    const sent = await Promise.all(callees.map((callee) => sendInvitation(caller, { calleeId: callee.uid })));

    const lateness = await Promise.all(
      sent.map(async (invitation) => {
        const data = await waitForAdminDoc(`callInvitations/${invitation.invitationId}`, (d) => d?.status === 'missed', 'missed', 20_000);
        return data?.respondedAt.toMillis() - invitation.expiresAt;
      }),
    );
    for (const late of lateness) {
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThanOrEqual(MISSED_WITHIN_MS);
    }
    console.log(
      `[ring-timeout] ${lateness.length} calls missed after expiresAt by median ${median(lateness)} ms, max ${Math.max(...lateness)} ms`,
    );
  });
});

describe('races with the timer', () => {
  const ROUNDS = 50;
  /** Rounds run this many at a time: the emulator gives every running invocation a process of its own. */
  const PARALLEL = 10;

  it(`decline while the ring timer expires: one wins (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const caller = await signUp();
    const rounds: { race: Awaited<ReturnType<typeof outcomes<{ status: string }>>>; status: string; historyStatus: string }[] = [];
    for (let start = 0; start < ROUNDS; start += PARALLEL) {
      const callees = await Promise.all(Array.from({ length: PARALLEL }, () => signUp()));
      const sent = await Promise.all(callees.map((callee) => sendInvitation(caller, { calleeId: callee.uid })));
      // Each decline is fired around its call's expiresAt, from a little before (it should win unless
      // the timer is quicker) to a little after (the timer or the late decline itself makes it missed).
      const batch = await Promise.all(
        sent.map(async (invitation, index) => {
          const offsetMs = -400 + ((start + index) % PARALLEL) * 160;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, invitation.expiresAt + offsetMs - Date.now())));
          const race = await outcomes<{ status: string }>([respond(callees[index]!, invitation.invitationId, 'decline')]);
          const final = await waitForAdminDoc(
            `callInvitations/${invitation.invitationId}`,
            (d) => d?.status !== 'ringing',
            'the end of ringing',
            20_000,
          );
          const message = await adminDb().doc(`conversations/${invitation.conversationId}/messages/${invitation.systemMessage.id}`).get();
          return { race, status: final?.status as string, historyStatus: message.data()?.callInvitation.status as string };
        }),
      );
      rounds.push(...batch);
    }

    expect(rounds).toHaveLength(ROUNDS);
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
    console.log(`[races] decline vs ring timer: ${ROUNDS} rounds, declined won ${declined}, missed won ${ROUNDS - declined}`);
  });
});
