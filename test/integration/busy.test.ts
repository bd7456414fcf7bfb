import { afterAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, respond, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

const activeCallOf = async (uid: string) => (await adminDb().doc(`activeCalls/${uid}`).get()).data()?.invitationId as string | undefined;

describe('busy, completely: one accepted call at a time', () => {
  it('refuses to place a call while in one, naming the active call, and writes nothing', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const first = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, first.invitationId, 'accept');

    for (const [who, other] of [
      [alice, carol],
      [bob, carol],
    ] as const) {
      const refused = await callError(sendInvitation(who, { calleeId: other.uid }));
      expect(refused).toMatchObject({ code: 'failed-precondition', details: { activeInvitationId: first.invitationId } });
    }
    const placed = await adminDb().collection('callInvitations').where('calleeId', '==', carol.uid).get();
    expect(placed.size).toBe(0);
  });

  it('a second call ringing when the callee accepts one ends busy; accepting it then is refused, and activeCalls is never overwritten', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const fromCarol = await sendInvitation(carol, { calleeId: bob.uid });
    const fromAlice = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, fromAlice.invitationId, 'accept');

    // Accepting Alice's call answered Carol's: busy (issue 21; with CALL_WAITING on it would keep
    // ringing, and this accept would be refused naming the active call: test/configured/call-waiting.test.ts).
    expect((await adminDb().doc(`callInvitations/${fromCarol.invitationId}`).get()).data()?.status).toBe('busy');
    const refused = await callError(respond(bob, fromCarol.invitationId, 'accept'));
    expect(refused).toMatchObject({ code: 'failed-precondition', details: { status: 'busy' } });
    expect(await activeCallOf(bob.uid)).toBe(fromAlice.invitationId);
    expect(await activeCallOf(carol.uid)).toBeUndefined();
  });

  it('refuses an accept when the caller has meanwhile taken another call, without telling the callee which', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const aliceToBob = await sendInvitation(alice, { calleeId: bob.uid });
    const carolToAlice = await sendInvitation(carol, { calleeId: alice.uid });
    await respond(alice, carolToAlice.invitationId, 'accept');

    const refused = await callError(respond(bob, aliceToBob.invitationId, 'accept'));
    expect(refused.code).toBe('failed-precondition');
    expect(refused.message).toContain('the caller is in another call');
    expect(refused.details).toEqual({ status: 'ringing' });
    expect(await activeCallOf(alice.uid)).toBe(carolToAlice.invitationId);
    expect(await activeCallOf(bob.uid)).toBeUndefined();
  });
});
