import { afterAll, describe, expect, it } from 'vitest';
import type { InvitationStatus } from '../../functions/src/contract/index.js';
import { calleeStateOf } from '../../functions/src/domain/call/call.js';
import { adminDb } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { cancelCall, groupConversation, outcomes, respond, rungInvitations, sendGroupCall } from '../support/fixtures.js';
import { RACE_ROUNDS, inBatches } from '../support/rounds.js';

afterAll(deleteClientApps);

const ROUNDS = RACE_ROUNDS;
/** Alice calls Bob and Carol in their group conversation. */
async function groupCall() {
  const [alice, bob, carol] = (await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')])) as [AppUser, AppUser, AppUser];
  const conversationId = await groupConversation([alice, bob, carol]);
  const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
  const invitationOf = (user: AppUser) => rungInvitations(sent).find((i) => i.calleeId === user.uid)?.invitationId as string;
  return { alice, bob, carol, sent, invitationOf };
}

/** The call document and each callee's invitation, as stored once the race is over. */
async function stored(callId: string, invitationIds: string[]) {
  const db = adminDb();
  const [call, ...invitations] = await Promise.all([
    db.doc(`calls/${callId}`).get(),
    ...invitationIds.map((id) => db.doc(`callInvitations/${id}`).get()),
  ]);
  return { call: call.data(), invitations: invitations.map((snapshot) => snapshot.data()) };
}

describe('group call races', () => {
  it(`two callees accepting at once: both are in, and the call became active once (${ROUNDS} rounds)`, { timeout: 240_000 }, async () => {
    const rounds = await inBatches(ROUNDS, async () => {
      const { alice, bob, carol, sent, invitationOf } = await groupCall();
      const race = await outcomes([respond(bob, invitationOf(bob), 'accept'), respond(carol, invitationOf(carol), 'accept')]);
      const after = await stored(sent.callId, [invitationOf(bob), invitationOf(carol)]);
      const active = (await adminDb().doc(`activeCalls/${alice.uid}`).get()).data();
      return { race, after, active, callId: sent.callId, uids: [bob.uid, carol.uid] };
    });
    for (const { race, after, active, callId, uids } of rounds) {
      expect(race.errors).toEqual([]);
      expect(race.ok).toHaveLength(2);
      expect(after.call).toMatchObject({ status: 'active', callees: { [uids[0] as string]: 'accepted', [uids[1] as string]: 'accepted' } });
      // Active once: its start is the first accept's moment, and the caller joined the call once.
      const accepts = after.invitations.map((invitation) => invitation?.respondedAt.toMillis() as number);
      expect(after.call?.startedAt.toMillis()).toBe(Math.min(...accepts));
      expect(active).toMatchObject({ callId });
    }
    console.log(`[group races] two callees accept at once: ${ROUNDS} rounds, both in and the call active once in each`);
  });

  it(
    `the caller cancelling while a callee accepts: one winner per callee, and the call agrees (${ROUNDS} rounds)`,
    { timeout: 240_000 },
    async () => {
      const rounds = await inBatches(ROUNDS, async () => {
        const { alice, bob, carol, sent, invitationOf } = await groupCall();
        const [accept, cancel] = await Promise.allSettled([respond(bob, invitationOf(bob), 'accept'), cancelCall(alice, sent.callId)]);
        const after = await stored(sent.callId, [invitationOf(bob), invitationOf(carol)]);
        return { accepted: accept.status === 'fulfilled', cancelled: cancel.status === 'fulfilled', after, uids: [bob.uid, carol.uid] };
      });
      let acceptWon = 0;
      for (const { accepted, cancelled, after, uids } of rounds) {
        // The cancel always succeeds: if Bob was first, it still stops Carol's ring.
        expect(cancelled).toBe(true);
        const [bobStatus, carolStatus] = after.invitations.map((invitation) => invitation?.status) as [InvitationStatus, InvitationStatus];
        expect(bobStatus).toBe(accepted ? 'accepted' : 'cancelled');
        expect(carolStatus).toBe('cancelled');
        // The call's view of each callee is their invitation's, and its status follows from them.
        expect(after.call?.callees).toEqual({
          [uids[0] as string]: calleeStateOf(bobStatus),
          [uids[1] as string]: calleeStateOf(carolStatus),
        });
        expect(after.call?.status).toBe(accepted ? 'active' : 'cancelled');
        if (accepted) acceptWon++;
      }
      console.log(`[group races] cancel vs accept: ${ROUNDS} rounds, accept first ${acceptWon}, cancel first ${ROUNDS - acceptWon}`);
    },
  );
});
