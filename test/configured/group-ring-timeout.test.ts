import { doc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { emulatorTransport } from '../../functions/src/adapters/push/emulator-transport.js';
import { deliverCallStatusPush } from '../../functions/src/handlers/deliver-invitation-push.js';
import { adminDb, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import { groupConversation, joinCall, registerDevice, respond, rungInvitations, sendGroupCall } from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import { requireParams } from '../support/params.js';

// A group callee whose ring timed out is told the call is still going only with this param on.
beforeAll(() => requireParams({ NOTIFY_MISSED_ONGOING_CALL: 'true' }));
afterAll(deleteClientApps);

async function groupCall() {
  const [alice, bob, carol] = (await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')])) as [AppUser, AppUser, AppUser];
  await Promise.all([bob, carol].map((callee) => registerDevice(callee, { platform: 'android', locale: 'en-US' })));
  const conversationId = await groupConversation([alice, bob, carol]);
  const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId, callType: 'video', ringSeconds: 5 });
  const invitationOf = (user: AppUser) => rungInvitations(sent).find((i) => i.calleeId === user.uid)?.invitationId as string;
  return { alice, bob, carol, sent, invitationOf };
}

describe('group calls: each ring times out on its own', () => {
  it('makes the callee who did not answer missed, tells them the call is still going, and lets them join', async () => {
    const { alice, bob, carol, sent, invitationOf } = await groupCall();
    // Bob answers at once, within the 5 s ring; the caller's screen is listening well before Carol's ring ends.
    await respond(bob, invitationOf(bob), 'accept');
    const callerScreen = listen(doc(alice.db, 'calls', sent.callId));
    await callerScreen.ready;

    const missed = await callerScreen.waitFor((s) => s.data()?.callees[carol.uid] === 'missed', "Carol's ring to time out", 20_000);
    expect(missed.data()?.status).toBe('active');
    callerScreen.stop();
    await finalDeliveryOf(invitationOf(carol), 'missed_call');
    const ongoing = await finalDeliveryOf(invitationOf(carol), 'call_ongoing');
    expect(ongoing.state).toBe('sent');
    const [push] = await outboxOfKind(invitationOf(carol), 'call_ongoing');
    expect(push?.message.data).toEqual({
      type: 'call_ongoing',
      invitationId: invitationOf(carol),
      callId: sent.callId,
      conversationId: sent.conversationId,
      callerId: alice.uid,
      callerName: 'Alice',
      callType: 'video',
    });
    expect(push?.message.android.notification).toMatchObject({ title: 'Call in progress', tag: invitationOf(carol) });
    // Bob answered, so his ring never timed out: no missed call, nothing "still going".
    expect(await outboxOfKind(invitationOf(bob), 'call_ongoing')).toEqual([]);

    // A worker that died after the missed-call notice and before the follow-up (its record and
    // push undone here): the event's retry finds the notice done, and still sends the follow-up.
    await adminDb()
      .doc(`callInvitations/${invitationOf(carol)}/deliveries/call_ongoing`)
      .delete();
    await Promise.all(
      (
        await adminDb().collection('pushOutbox').where('invitationId', '==', invitationOf(carol)).where('kind', '==', 'call_ongoing').get()
      ).docs.map((d) => d.ref.delete()),
    );
    const store = collections(adminDb());
    const deps = { store, transport: () => emulatorTransport(store), now: () => Date.now(), notifyOngoingCall: () => true };
    const retried = await deliverCallStatusPush(deps, invitationOf(carol), 'ringing', 'missed');
    // Stop ringing and the missed-call notice: done already; the follow-up: sent.
    expect(retried.map((outcome) => outcome.skipped)).toEqual([true, true, false]);
    expect(await outboxOfKind(invitationOf(carol), 'call_ongoing')).toHaveLength(1);

    expect(await joinCall(carol, sent.callId)).toMatchObject({ status: 'active', roomId: sent.roomId });
  });

  it('ends the call missed when every ring timed out, with no "still going" notification', async () => {
    const { alice, bob, carol, sent, invitationOf } = await groupCall();
    const callerScreen = listen(doc(alice.db, 'calls', sent.callId));
    await callerScreen.ready;
    const over = await callerScreen.waitFor((s) => s.data()?.status === 'missed', 'the call to be missed', 20_000);
    expect(over.data()?.callees).toEqual({ [bob.uid]: 'missed', [carol.uid]: 'missed' });
    callerScreen.stop();
    for (const callee of [bob, carol]) {
      await finalDeliveryOf(invitationOf(callee), 'missed_call');
      expect(await outboxOfKind(invitationOf(callee), 'call_ongoing')).toEqual([]);
    }
  });
});
