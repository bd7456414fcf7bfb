import { doc, getDoc } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { type AppUser, deleteClientApps, signInElsewhere, signUp } from '../support/client.js';
import { cancelCall, defaultLiveness, endCall, outcomes, registerDevice, respond, sendInvitation } from '../support/fixtures.js';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { runCallEvent } from '../../functions/src/handlers/call-events.js';
import { adminDb, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { RACE_ROUNDS, inBatches } from '../support/rounds.js';

afterAll(deleteClientApps);

const ROUNDS = RACE_ROUNDS;

async function finalState(viewer: AppUser, invitationId: string, conversationId: string, messageId: string) {
  const [invitation, message] = await Promise.all([
    getDoc(doc(viewer.db, 'callInvitations', invitationId)),
    getDoc(doc(viewer.db, 'conversations', conversationId, 'messages', messageId)),
  ]);
  return { status: invitation.data()?.status as string, historyStatus: message.data()?.callInvitation.status as string };
}

describe('races: exactly one transition wins', () => {
  it(`accept and cancel at the same moment (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const rounds = await inBatches(ROUNDS, async () => {
      const [caller, callee] = await Promise.all([signUp(), signUp()]);
      const sent = await sendInvitation(caller, { calleeId: callee.uid });
      const race = await outcomes<{ status: string }>([
        respond(callee, sent.invitationId, 'accept'),
        cancelCall(caller, sent.invitationId),
      ]);
      const final = await finalState(caller, sent.invitationId, sent.conversationId, sent.systemMessage.id);
      return { race, final };
    });

    for (const { race, final } of rounds) {
      expect(race.ok).toHaveLength(1);
      expect(race.errors).toEqual([{ code: 'failed-precondition', details: { status: final.status } }]);
      expect(final.status).toBe(race.ok[0]?.status);
      expect(final.historyStatus).toBe(final.status);
    }
    const accepted = rounds.filter((r) => r.final.status === 'accepted').length;
    const cancelled = rounds.filter((r) => r.final.status === 'cancelled').length;
    expect(accepted + cancelled).toBe(ROUNDS);
    console.log(`[races] accept vs cancel: ${ROUNDS} rounds, accepted won ${accepted}, cancelled won ${cancelled}`);
  });

  it(`accept on two devices at once (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const rounds = await inBatches(ROUNDS, async () => {
      const [caller, callee] = await Promise.all([signUp(), signUp()]);
      const calleeTablet = await signInElsewhere(callee);
      const sent = await sendInvitation(caller, { calleeId: callee.uid });
      const race = await outcomes<{ status: string }>([
        respond(callee, sent.invitationId, 'accept', 'phone'),
        respond(calleeTablet, sent.invitationId, 'accept', 'tablet'),
      ]);
      const final = await finalState(callee, sent.invitationId, sent.conversationId, sent.systemMessage.id);
      return { race, final };
    });

    for (const { race, final } of rounds) {
      expect(race.ok).toEqual([
        { status: 'accepted', callId: expect.any(String), roomId: expect.any(String), conversationId: expect.any(String) },
      ]);
      expect(race.errors).toEqual([{ code: 'failed-precondition', details: { status: 'accepted' } }]);
      expect(final).toEqual({ status: 'accepted', historyStatus: 'accepted' });
    }
    console.log(`[races] accept on two devices: ${ROUNDS} rounds, one accept won in each`);
  });

  it(
    `a cancel against the ring push leaving: a missed-call notice only when a ring left (${ROUNDS} rounds)`,
    { timeout: 240_000 },
    async () => {
      const rounds = await inBatches(ROUNDS, async () => {
        const [caller, callee] = await Promise.all([signUp(), signUp()]);
        await registerDevice(callee, { deviceId: 'phone', platform: 'android' });
        const sent = await sendInvitation(caller, { calleeId: callee.uid });
        await cancelCall(caller, sent.invitationId);
        const [ring, stop, notice] = await Promise.all([
          finalDeliveryOf(sent.invitationId, 'call_invitation'),
          finalDeliveryOf(sent.invitationId, 'call_cancelled'),
          finalDeliveryOf(sent.invitationId, 'missed_call'),
        ]);
        const [rings, stops, notices] = await Promise.all([
          outboxOfKind(sent.invitationId, 'call_invitation'),
          outboxOfKind(sent.invitationId, 'call_cancelled'),
          outboxOfKind(sent.invitationId, 'missed_call'),
        ]);
        const rang = (ring.devices as { ok: boolean }[]).some((device) => device.ok);
        return { rang, ring, stop, notice, rings, stops, notices };
      });

      for (const { rang, stop, notice, rings, stops, notices } of rounds) {
        // The ringing always stops; the notice goes exactly when a ring had left, after the stop.
        expect(stop.state).toBe('sent');
        expect(stops).toHaveLength(1);
        expect(rings).toHaveLength(rang ? 1 : 0);
        expect(notice.state).toBe(rang ? 'sent' : 'skipped');
        expect(notices.map((push) => push.message.data.reason)).toEqual(rang ? ['cancelled'] : []);
        if (rang) expect(notice.attemptedAt.toMillis()).toBeGreaterThanOrEqual(stop.attemptedAt.toMillis());
      }
      const rang = rounds.filter((round) => round.rang).length;
      console.log(
        `[races] cancel vs the ring leaving: ${ROUNDS} rounds, rang then a missed-call notice ${rang}, cancelled before any ring ${ROUNDS - rang}`,
      );
    },
  );

  it(`the liveness timeout against a hang-up (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
    const store = collections(adminDb());
    const rounds = await inBatches(ROUNDS, async (index) => {
      const [alice, bob] = await Promise.all([signUp(), signUp()]);
      const sent = await sendInvitation(alice, { calleeId: bob.uid });
      await respond(bob, sent.invitationId, 'accept');
      // Bob's app went silent: the sweep's event for him, as the sweep runs it once his last
      // heartbeat is a timeout old, against Alice hanging up. Half the rounds give the hang-up a head start.
      const liveness = defaultLiveness();
      const sweepDeps = { store, now: () => Date.now() + liveness.timeoutMs, liveness: () => liveness };
      const lost = () => runCallEvent(sweepDeps, { callId: sent.callId }, { kind: 'lost', uid: bob.uid });
      const hangUp = () => endCall(alice, sent.callId);
      const race = await outcomes<unknown>(index % 2 === 0 ? [lost(), hangUp()] : [hangUp(), lost()]);
      const [call, invitation, line, aliceEntry, bobEntry] = await Promise.all([
        adminDb().doc(`calls/${sent.callId}`).get(),
        adminDb().doc(`callInvitations/${sent.invitationId}`).get(),
        adminDb().doc(`conversations/${sent.conversationId}/messages/${sent.systemMessage.id}`).get(),
        adminDb().doc(`activeCalls/${alice.uid}`).get(),
        adminDb().doc(`activeCalls/${bob.uid}`).get(),
      ]);
      // A late sweep finds nothing more to do.
      await runCallEvent(sweepDeps, { callId: sent.callId }, { kind: 'lost', uid: bob.uid });
      const after = (await adminDb().doc(`calls/${sent.callId}`).get()).data();
      return {
        race,
        call: call.data(),
        after,
        invitation: invitation.data(),
        line: line.data(),
        entries: [aliceEntry.exists, bobEntry.exists],
        bob: bob.uid,
        alice: alice.uid,
      };
    });

    for (const { race, call, after, invitation, line, entries, bob, alice } of rounds) {
      // Both are answered: the hang-up of an ended call repeats, and the sweep leaves it alone.
      expect(race.errors).toEqual([]);
      expect(call?.status).toBe('ended');
      const lostFirst = call?.endedReason === 'lost';
      expect(call).toMatchObject(
        lostFirst ? { endedReason: 'lost', lostIds: [bob], endedBy: 'system' } : { endedReason: 'hung_up', endedBy: alice },
      );
      if (!lostFirst) expect(call?.lostIds ?? []).toEqual([]);
      expect(call?.callees).toEqual({ [bob]: 'left' });
      expect(after).toEqual(call);
      expect(invitation?.status).toBe('ended');
      expect(line?.call).toMatchObject({ status: 'ended', endedReason: call?.endedReason });
      expect(line?.callInvitation.status).toBe('ended');
      expect(entries).toEqual([false, false]);
    }
    const lostWon = rounds.filter((round) => round.call?.endedReason === 'lost').length;
    console.log(`[races] liveness timeout vs hang-up: ${ROUNDS} rounds, lost won ${lostWon}, the hang-up won ${ROUNDS - lostWon}`);
  });
});
