import { collection, doc, getDoc, getDocs, orderBy, query } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallUpdate } from '../../client/src/index.js';
import { finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, registerDevice, respond, ringingFor, sendInvitation } from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import { recorder } from '../support/recorder.js';

afterAll(deleteClientApps);

describe('accepting one call answers the others', () => {
  it('a call still ringing for a callee who accepts another ends busy for its caller, stops ringing and shows as missed', async () => {
    const [alice, carol, bob] = await Promise.all([signUp('Alice'), signUp('Carol'), signUp('Bob')]);
    await registerDevice(bob, { deviceId: 'phone', platform: 'android', locale: 'en' });
    const first = await sendInvitation(alice, { calleeId: bob.uid, callType: 'video' });
    const second = await sendInvitation(carol, { calleeId: bob.uid, callType: 'audio' });
    await finalDeliveryOf(second.invitationId, 'call_invitation');
    const carolScreen = listen(doc(carol.db, 'callInvitations', second.invitationId));
    await carolScreen.ready;

    // Bob's screen showed the older call; he takes it.
    const [older] = await ringingFor(bob, 2);
    expect(older?.invitationId).toBe(first.invitationId);
    await older?.accept();

    // Carol hears at once that he is busy: her call is over, not ringing for its whole ring.
    await carolScreen.waitFor((s) => s.data()?.status === 'busy', "Carol's call to end busy", 15_000);
    carolScreen.stop();
    expect((await getDoc(doc(alice.db, 'callInvitations', first.invitationId))).data()?.status).toBe('accepted');
    expect((await getDoc(doc(carol.db, 'calls', second.callId))).data()).toMatchObject({ status: 'busy', callees: { [bob.uid]: 'busy' } });
    // Bob's phone stops ringing for it at once (high: a visible notice follows), then shows it as a missed call.
    const [stop, notice] = await Promise.all([
      finalDeliveryOf(second.invitationId, 'call_cancelled'),
      finalDeliveryOf(second.invitationId, 'missed_call'),
    ]);
    expect([stop.state, notice.state]).toEqual(['sent', 'sent']);
    const [stopPush] = await outboxOfKind(second.invitationId, 'call_cancelled');
    expect(stopPush?.message.data).toEqual({ type: 'call_cancelled', invitationId: second.invitationId, reason: 'busy' });
    expect(stopPush?.message.android).toMatchObject({ priority: 'high' });
    const [noticePush] = await outboxOfKind(second.invitationId, 'missed_call');
    expect(noticePush?.message.data).toMatchObject({ type: 'missed_call', invitationId: second.invitationId, reason: 'busy' });
    expect(noticePush?.message.android.notification).toMatchObject({ tag: second.invitationId });
    expect(notice.attemptedAt.toMillis()).toBeGreaterThanOrEqual(stop.attemptedAt.toMillis());
    // Only the other call: the accepted one got the usual "answered elsewhere" stop, and no notice.
    expect((await outboxOfKind(first.invitationId, 'call_cancelled')).map((push) => push.message.data.reason)).toEqual([
      'answered_elsewhere',
    ]);
    expect(await outboxOfKind(first.invitationId, 'missed_call')).toHaveLength(0);
  });

  it('the caller too: a call ringing for them ends busy once their own call is answered', async () => {
    const [alice, bob, carol] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')]);
    const outgoing = await sendInvitation(alice, { calleeId: bob.uid });
    const toAlice = await sendInvitation(carol, { calleeId: alice.uid });
    const carolScreen = listen(doc(carol.db, 'callInvitations', toAlice.invitationId));
    await carolScreen.ready;
    await respond(bob, outgoing.invitationId, 'accept');
    await carolScreen.waitFor((s) => s.data()?.status === 'busy', "Carol's call to Alice to end busy", 15_000);
    carolScreen.stop();
  });
});

describe('decline with a message', () => {
  it('posts the message in the conversation as the callee, after the call’s line, and the caller’s screen shows it', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const call = await alice.beckon.call(bob.uid, { callType: 'video' });
    const aliceScreen = recorder<CallUpdate>();
    const stopScreen = call.onChange((update) => aliceScreen.push(update));
    const [ringing] = await ringingFor(bob, 1);

    await ringing?.decline('  In a meeting, call you at 5  ');

    const declined = await aliceScreen.waitFor((update) => update.status === 'declined', "Alice's screen to show the decline");
    stopScreen();
    expect(declined.declineMessage).toBe('In a meeting, call you at 5');
    const history = await getDocs(query(collection(alice.db, 'conversations', call.conversationId, 'messages'), orderBy('createdAt')));
    expect(history.docs.map((message) => [message.data().type, message.data().senderId, message.data().text])).toEqual([
      ['system', alice.uid, call.answer.systemMessage.text],
      ['text', bob.uid, 'In a meeting, call you at 5'],
    ]);
    expect(
      (await getDoc(doc(alice.db, 'conversations', call.conversationId, 'messages', call.answer.systemMessage.id))).data()?.callInvitation
        .status,
    ).toBe('declined');
  });

  it('refuses a message that is empty once trimmed, longer than 160 characters, or sent with an accept, and writes nothing', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const raw = (data: Record<string, unknown>) =>
      callError(bob.call('respondToCallInvitation', { invitationId: sent.invitationId, ...data }));
    for (const refused of [
      await raw({ action: 'decline', message: '   ' }),
      await raw({ action: 'decline', message: 'x'.repeat(161) }),
      await raw({ action: 'decline', message: 42 }),
      await raw({ action: 'accept', message: 'hi' }),
      await raw({ action: 'decline', endCurrent: true }),
    ]) {
      expect(refused.code).toBe('invalid-argument');
    }
    expect((await getDoc(doc(alice.db, 'callInvitations', sent.invitationId))).data()?.status).toBe('ringing');
    const history = await getDocs(collection(alice.db, 'conversations', sent.conversationId, 'messages'));
    expect(history.size).toBe(1);
    // 160 characters, as the raw callable of an Android or iOS app sends it, are fine.
    expect(
      await bob.call('respondToCallInvitation', { invitationId: sent.invitationId, action: 'decline', message: 'y'.repeat(160) }),
    ).toEqual({
      status: 'declined',
    });
    expect((await getDoc(doc(alice.db, 'callInvitations', sent.invitationId))).data()?.declineMessage).toBe('y'.repeat(160));
  });

  it('cleans the message as names are cleaned, and refuses a lone surrogate at once, writing nothing (issue 28, 4)', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const decline = (message: string) =>
      bob.call('respondToCallInvitation', { invitationId: sent.invitationId, action: 'decline', message });
    const started = Date.now();
    const surrogate = await callError(decline('call me \uD800 later'));
    expect(surrogate).toMatchObject({ code: 'invalid-argument' });
    expect(Date.now() - started).toBeLessThan(10_000);
    const unreadable = await callError(decline('\u200B\u202E \u2066'));
    expect(unreadable.code).toBe('invalid-argument');
    expect(unreadable.message).toContain('message: must hold something readable');
    expect((await getDoc(doc(alice.db, 'callInvitations', sent.invitationId))).data()?.status).toBe('ringing');

    await decline('\u202Eyad\u202C Busy\nnow\u200B, later');
    const history = await getDocs(query(collection(alice.db, 'conversations', sent.conversationId, 'messages'), orderBy('createdAt')));
    expect(history.docs.map((message) => message.data().text ?? null)).toEqual([expect.any(String), 'yad Busy now, later']);
    expect((await getDoc(doc(alice.db, 'callInvitations', sent.invitationId))).data()?.declineMessage).toBe('yad Busy now, later');
  });

  it('declines, but posts no message to a caller who blocked the callee during the ring (issue 28, 4)', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await alice.beckon.blockUser(bob.uid);
    await bob.beckon.respond(sent.invitationId, 'decline', { message: 'Please answer me' });
    const history = await getDocs(collection(alice.db, 'conversations', sent.conversationId, 'messages'));
    expect(history.docs.map((message) => message.data().type)).toEqual(['system']);
    const invitation = (await getDoc(doc(alice.db, 'callInvitations', sent.invitationId))).data();
    expect(invitation?.status).toBe('declined');
    expect(invitation?.declineMessage).toBeUndefined();
  });

  it('a retried decline posts its message once', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, sent.invitationId, 'decline');
    await bob.beckon.respond(sent.invitationId, 'decline', { message: 'Sorry!' });
    const history = await getDocs(collection(alice.db, 'conversations', sent.conversationId, 'messages'));
    expect(history.docs.map((message) => message.data().type)).toEqual(['system']);
  });
});
