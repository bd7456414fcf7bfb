import { doc, getDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallUpdate } from '../../client/src/index.js';
import { adminDb, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { callError, endCall, outcomes, registerDevice, respond, ringingFor, sendInvitation } from '../support/fixtures.js';
import { requireParams } from '../support/params.js';
import { recorder } from '../support/recorder.js';
import { RACE_ROUNDS, inBatches } from '../support/rounds.js';

// The configured boot turns call waiting on (CONFIGURED_PARAMS).
beforeAll(() => requireParams({ CALL_WAITING: 'true' }));
afterAll(deleteClientApps);

/** Alice and Bob in a call; Carol calls Bob, a waiting call. */
async function callWaitingForBob() {
  const [alice, bob, carol] = (await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')])) as [AppUser, AppUser, AppUser];
  await registerDevice(bob, { deviceId: 'phone', platform: 'android', locale: 'en' });
  const current = await sendInvitation(alice, { calleeId: bob.uid, callType: 'video' });
  await respond(bob, current.invitationId, 'accept');
  const waiting = await sendInvitation(carol, { calleeId: bob.uid, callType: 'audio' });
  return { alice, bob, carol, current, waiting };
}

describe('call waiting (CALL_WAITING on)', () => {
  it('rings a callee who is in a call as a waiting call; accepting it needs endCurrent, which ends the current call for its other party', async () => {
    const { alice, bob, current, waiting } = await callWaitingForBob();
    expect(waiting.status).toBe('ringing');
    expect((await adminDb().doc(`callInvitations/${waiting.invitationId}`).get()).data()?.callWaiting).toBe(true);
    // Bob's in-call app sees it on its incoming-calls listener, and his phone gets the ring marked as waiting.
    const [incoming] = await ringingFor(bob, 1);
    expect(incoming).toMatchObject({ invitationId: waiting.invitationId, callWaiting: true });
    await finalDeliveryOf(waiting.invitationId, 'call_invitation');
    const [ring] = await outboxOfKind(waiting.invitationId, 'call_invitation');
    expect(ring?.message.data).toMatchObject({ type: 'call_invitation', callWaiting: 'true' });

    // Accepting without endCurrent is refused, naming his current call.
    expect(await callError(respond(bob, waiting.invitationId, 'accept'))).toMatchObject({
      code: 'failed-precondition',
      details: { activeInvitationId: current.invitationId },
    });
    const aliceScreen = recorder<CallUpdate>();
    const stopScreen = alice.beckon.onCall(current.callId, (update) => aliceScreen.push(update));
    await aliceScreen.waitFor((update) => update.status === 'active', "Alice's screen");

    await incoming?.accept({ endCurrent: true });

    const ended = await aliceScreen.waitFor((update) => update.status === 'ended', "Alice's call to end");
    stopScreen();
    expect(ended).toMatchObject({ endedReason: 'hung_up', callees: { [bob.uid]: 'left' } });
    expect((await adminDb().doc(`activeCalls/${bob.uid}`).get()).data()).toMatchObject({ callId: waiting.callId });
    expect((await adminDb().doc(`activeCalls/${alice.uid}`).get()).exists).toBe(false);
    expect((await getDoc(doc(bob.db, 'calls', waiting.callId))).data()).toMatchObject({
      status: 'active',
      callees: { [bob.uid]: 'accepted' },
    });
    expect((await adminDb().doc(`callInvitations/${current.invitationId}`).get()).data()).toMatchObject({
      status: 'ended',
      endedBy: bob.uid,
    });
  });

  it('accepting one call keeps the others ringing, as waiting calls; the callee may still decline them', async () => {
    const [dave, erin, frank] = (await Promise.all([signUp('Dave'), signUp('Erin'), signUp('Frank')])) as [AppUser, AppUser, AppUser];
    const first = await sendInvitation(dave, { calleeId: frank.uid });
    const second = await sendInvitation(erin, { calleeId: frank.uid });
    const [older] = await ringingFor(frank, 2);
    await older?.accept();
    // The accept's transaction decided it: the other call goes on ringing (no busy for Erin).
    expect((await adminDb().doc(`callInvitations/${second.invitationId}`).get()).data()?.status).toBe('ringing');
    expect((await adminDb().doc(`callInvitations/${first.invitationId}`).get()).data()?.status).toBe('accepted');
    await respond(frank, second.invitationId, 'decline');
    expect((await adminDb().doc(`callInvitations/${second.invitationId}`).get()).data()?.status).toBe('declined');
  });

  it(`races: end-and-accept against the current call's other party hanging up (${RACE_ROUNDS} rounds)`, { timeout: 600_000 }, async () => {
    const rounds = await inBatches(RACE_ROUNDS, async (index) => {
      const { alice, bob, current, waiting } = await callWaitingForBob();
      const accept = () => bob.beckon.respond(waiting.invitationId, 'accept', { endCurrent: true });
      const hangUp = () => endCall(alice, current.callId);
      const race = await outcomes<unknown>(index % 2 === 0 ? [accept(), hangUp()] : [hangUp(), accept()]);
      const [ended, taken, bobEntry, aliceEntry] = await Promise.all([
        adminDb().doc(`calls/${current.callId}`).get(),
        adminDb().doc(`calls/${waiting.callId}`).get(),
        adminDb().doc(`activeCalls/${bob.uid}`).get(),
        adminDb().doc(`activeCalls/${alice.uid}`).get(),
      ]);
      return {
        race,
        ended: ended.data(),
        taken: taken.data(),
        bobEntry: bobEntry.data(),
        aliceIn: aliceEntry.exists,
        alice: alice.uid,
        bob: bob.uid,
        waitingCallId: waiting.callId,
      };
    });
    for (const { race, ended, taken, bobEntry, aliceIn, alice, bob, waitingCallId } of rounds) {
      // Both succeed whichever came first: the hang-up of a call Bob already ended repeats, and
      // Bob's accept finds nothing left to end.
      expect(race.errors).toEqual([]);
      expect(ended).toMatchObject({ status: 'ended', endedReason: 'hung_up', callees: { [bob]: 'left' } });
      expect([alice, bob]).toContain(ended?.endedBy);
      expect(taken).toMatchObject({ status: 'active', callees: { [bob]: 'accepted' } });
      // Bob is in the call he took, and only in it; Alice is in none.
      expect(bobEntry?.callId).toBe(waitingCallId);
      expect(aliceIn).toBe(false);
    }
    const bobEnded = rounds.filter((round) => round.ended?.endedBy === round.bob).length;
    console.log(
      `[races] end-and-accept vs the other party hanging up: ${RACE_ROUNDS} rounds, Bob's accept ended it ${bobEnded}, Alice hung up first ${RACE_ROUNDS - bobEnded}`,
    );
  });
});
