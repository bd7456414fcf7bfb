import { collection, doc, getDocs, orderBy, query, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { RACE_ROUNDS } from '../support/rounds.js';
import { finalDelivery, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, goOnline, leaveStalePresence, registerDevice, respond, sendInvitation, setProfile } from '../support/fixtures.js';
import { listen } from '../support/listen.js';

afterAll(deleteClientApps);

const incomingCalls = (user: Awaited<ReturnType<typeof signUp>>) =>
  query(collection(user.db, 'callInvitations'), where('calleeId', '==', user.uid), where('status', '==', 'ringing'), orderBy('createdAt'));

const history = (user: Awaited<ReturnType<typeof signUp>>, conversationId: string) =>
  query(collection(user.db, 'conversations', conversationId, 'messages'), orderBy('createdAt'));

describe('sendCallInvitation to an online callee', () => {
  it('rings the callee in the app at once, pushes to every device, and confirms the caller', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await setProfile(caller, 'Alice Liddell');
    await goOnline(callee);
    await registerDevice(callee, { platform: 'android', locale: 'en-US' });
    await registerDevice(callee, { platform: 'ios', locale: 'zh-CN' });
    const popup = listen(incomingCalls(callee));
    await popup.ready;

    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'video' });

    expect(sent).toMatchObject({
      status: 'ringing',
      calleeOnline: true,
      systemMessage: {
        type: 'system',
        senderId: caller.uid,
        callInvitation: {
          invitationId: sent.invitationId,
          callerId: caller.uid,
          calleeId: callee.uid,
          callType: 'video',
          status: 'ringing',
        },
      },
    });
    expect(sent.roomId).toBe(sent.systemMessage.callInvitation.roomId);
    expect(sent.expiresAt - sent.systemMessage.createdAt).toBe(45_000);

    const ringing = await popup.waitFor((s) => s.docs.some((d) => d.id === sent.invitationId), 'the incoming-call popup');
    const incoming = ringing.docs.find((d) => d.id === sent.invitationId)?.data();
    expect(incoming).toMatchObject({ callerId: caller.uid, callerName: 'Alice Liddell', roomId: sent.roomId, calleeOnlineAtSend: true });
    popup.stop();

    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery).toMatchObject({ state: 'sent', transport: 'emulator' });
    expect(delivery.devices).toHaveLength(2);
    const pushes = await outboxFor(sent.invitationId);
    expect(pushes.map((p) => p.message.data.callerName)).toEqual(['Alice Liddell', 'Alice Liddell']);
  });

  it('lets the caller follow the call on its own document and in history', async () => {
    const [caller, callee] = await Promise.all([signUp('Carol'), signUp('Dan')]);
    await goOnline(callee);
    const sent = await sendInvitation(caller, { calleeId: callee.uid, callType: 'audio' });

    const callScreen = listen(doc(caller.db, 'callInvitations', sent.invitationId));
    const callSnapshot = await callScreen.ready;
    expect(callSnapshot.data()).toMatchObject({ status: 'ringing', callType: 'audio', callerId: caller.uid });
    callScreen.stop();

    for (const member of [caller, callee]) {
      const messages = await getDocs(history(member, sent.conversationId));
      const message = messages.docs.find((d) => d.id === sent.systemMessage.id)?.data();
      expect(message).toMatchObject({
        type: 'system',
        senderId: caller.uid,
        callInvitation: { invitationId: sent.invitationId, callType: 'audio' },
      });
    }
  });
});

describe('sendCallInvitation to an offline callee', () => {
  it('still persists, confirms the caller and pushes; the callee finds the call when they open the app', async () => {
    const [caller, callee] = await Promise.all([signUp('Erin'), signUp('Frank')]);
    await registerDevice(callee, { platform: 'android' });
    const callerHistory = listen(query(collection(caller.db, 'conversations'), where('memberIds', 'array-contains', caller.uid)));
    await callerHistory.ready;

    const sent = await sendInvitation(caller, { calleeId: callee.uid });

    expect(sent).toMatchObject({ status: 'ringing', calleeOnline: false });
    expect(sent.systemMessage.callInvitation.callType).toBe('video');
    await callerHistory.waitFor((s) => s.docs.some((d) => d.id === sent.conversationId), "the caller's conversation list");
    callerHistory.stop();

    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery).toMatchObject({ state: 'sent', transport: 'emulator' });
    const [push] = await outboxFor(sent.invitationId);
    expect(push?.uid).toBe(callee.uid);
    expect(push?.message.data).toMatchObject({ type: 'call_invitation', invitationId: sent.invitationId, callerName: 'Erin' });

    // Later, the callee opens the app: the call is still ringing and is in the conversation's history.
    const ringing = await getDocs(incomingCalls(callee));
    expect(ringing.docs.map((d) => d.id)).toContain(sent.invitationId);
    const messages = await getDocs(history(callee, sent.conversationId));
    expect(messages.docs.map((d) => d.id)).toContain(sent.systemMessage.id);
  });

  it('treats a presence heartbeat older than 60 s as offline', async () => {
    const [caller, callee] = await Promise.all([signUp('Gina'), signUp('Hal')]);
    await leaveStalePresence(callee);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect(sent.calleeOnline).toBe(false);
  });
});

describe('conversations', () => {
  it('uses one direct conversation for two users whoever calls', async () => {
    const [alice, bob] = await Promise.all([signUp('Ana'), signUp('Ben')]);
    const first = await sendInvitation(alice, { calleeId: bob.uid });
    const second = await sendInvitation(bob, { calleeId: alice.uid, callType: 'audio' });
    const third = await sendInvitation(alice, { calleeId: bob.uid, conversationId: first.conversationId });
    expect(second.conversationId).toBe(first.conversationId);
    expect(third.conversationId).toBe(first.conversationId);

    const messages = await getDocs(history(bob, first.conversationId));
    expect(messages.docs.map((d) => d.id)).toEqual([first.systemMessage.id, second.systemMessage.id, third.systemMessage.id]);
    const conversation = await getDocs(query(collection(alice.db, 'conversations'), where('memberIds', 'array-contains', alice.uid)));
    expect(conversation.docs.map((d) => d.id)).toEqual([first.conversationId]);
  });

  it(`two users who call each other at once for the first time share one new conversation (${RACE_ROUNDS} pairs)`, async () => {
    const pairs = await Promise.all(Array.from({ length: RACE_ROUNDS }, () => Promise.all([signUp(), signUp()])));
    const rounds = await Promise.all(
      pairs.map(async ([a, b]) => {
        const [ab, ba] = await Promise.all([sendInvitation(a, { calleeId: b.uid }), sendInvitation(b, { calleeId: a.uid })]);
        const messages = await getDocs(history(a, ab.conversationId));
        return { ab, ba, messageIds: messages.docs.map((d) => d.id).sort() };
      }),
    );
    for (const { ab, ba, messageIds } of rounds) {
      expect(ba.conversationId).toBe(ab.conversationId);
      expect(messageIds).toEqual([ab.systemMessage.id, ba.systemMessage.id].sort());
    }
  });
});

describe('retries with a requestId', () => {
  it('returns the first result and sends no second message or push', async () => {
    const [caller, callee] = await Promise.all([signUp('Ivy'), signUp('Jon')]);
    await registerDevice(callee, { platform: 'web' });
    const request = { calleeId: callee.uid, requestId: 'tap-42' };

    const [first, again] = await Promise.all([sendInvitation(caller, request), sendInvitation(caller, request)]);
    const later = await sendInvitation(caller, request);

    expect(again).toEqual(first);
    expect(later).toEqual(first);
    await finalDelivery(first.invitationId);
    expect(await outboxFor(first.invitationId)).toHaveLength(1);
    const messages = await getDocs(history(caller, first.conversationId));
    expect(messages.size).toBe(1);
    const invitations = await getDocs(query(collection(callee.db, 'callInvitations'), where('calleeId', '==', callee.uid)));
    expect(invitations.size).toBe(1);
  });

  it('answers a retry that arrives after the call was accepted with the call, not with "busy"', async () => {
    const [caller, callee] = await Promise.all([signUp('Nia'), signUp('Oto')]);
    const request = { calleeId: callee.uid, requestId: 'tap-accepted' };
    const first = await sendInvitation(caller, request);
    await respond(callee, first.invitationId, 'accept');
    // The caller is now in this very call, which would refuse a new one; the retry is no new one.
    const retried = await sendInvitation(caller, request);
    expect(retried).toMatchObject({ invitationId: first.invitationId, roomId: first.roomId, status: 'accepted' });
    const fresh = await callError(sendInvitation(caller, { calleeId: callee.uid, requestId: 'tap-new' }));
    expect(fresh).toMatchObject({ code: 'failed-precondition', details: { activeInvitationId: first.invitationId } });
  });

  it('gives two callers with the same requestId two calls', async () => {
    const [callerA, callerB, callee] = await Promise.all([signUp('Kim'), signUp('Lee'), signUp('Max')]);
    const [a, b] = await Promise.all([
      sendInvitation(callerA, { calleeId: callee.uid, requestId: 'same' }),
      sendInvitation(callerB, { calleeId: callee.uid, requestId: 'same' }),
    ]);
    expect(a.invitationId).not.toBe(b.invitationId);
  });
});
