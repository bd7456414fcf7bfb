import { randomUUID } from 'node:crypto';
import { collection, doc, getDoc, getDocs, query, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentData } from 'firebase-admin/firestore';
import { adminDb, finalDelivery, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import {
  callError,
  cancelCall,
  groupConversation,
  invitationFor,
  joinCall,
  leaveCall,
  registerDevice,
  respond,
  rungInvitations,
  sendGroupCall,
  sendInvitation,
} from '../support/fixtures.js';
import { listen } from '../support/listen.js';

afterAll(deleteClientApps);

interface Group {
  alice: AppUser;
  callees: AppUser[];
  /** A member of the conversation who is not called. */
  erin: AppUser;
  conversationId: string;
}

/** Alice, `size` callees with a device each, and Erin, all in one group conversation. */
async function group(size = 3): Promise<Group> {
  const names = ['Bob', 'Carol', 'Dave', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'].slice(0, size);
  const [alice, erin, ...callees] = await Promise.all([signUp('Alice'), signUp('Erin'), ...names.map((name) => signUp(name))]);
  if (!alice || !erin) throw new Error('sign-up failed');
  await Promise.all(callees.map((callee) => registerDevice(callee, { platform: 'android' })));
  const conversationId = await groupConversation([alice, erin, ...callees]);
  return { alice, callees, erin, conversationId };
}

const uids = (users: AppUser[]) => users.map((user) => user.uid);
/**
 * The call as `viewer` may read it (the rules let them), its state read fresh: the client library's
 * heartbeat keeps a listener on the call, and while one is open the JS SDK may answer getDoc from
 * that listener's last snapshot, older than a change another client just made (firebase-js-sdk#6915).
 */
const callDoc = async (viewer: AppUser, callId: string) => {
  await getDoc(doc(viewer.db, 'calls', callId));
  return (await adminDb().doc(`calls/${callId}`).get()).data();
};
const invitationOf = async (invitationId: string) => (await adminDb().doc(`callInvitations/${invitationId}`).get()).data();
const activeCallOf = async (uid: string) => (await adminDb().doc(`activeCalls/${uid}`).get()).data();

describe('group calls: ringing', () => {
  it('rings every callee at once: one call, one system message, one invitation each', async () => {
    const { alice, callees, conversationId } = await group(3);
    const incoming = callees.map((callee) =>
      listen(query(collection(callee.db, 'callInvitations'), where('calleeId', '==', callee.uid), where('status', '==', 'ringing'))),
    );
    await Promise.all(incoming.map((listener) => listener.ready));

    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId, callType: 'audio' });

    expect(sent).toMatchObject({ callId: expect.any(String), roomId: expect.any(String), conversationId, status: 'ringing' });
    expect(sent.invitations.map((i) => [i.calleeId, i.status])).toEqual(uids(callees).map((uid) => [uid, 'ringing']));
    expect(new Set(rungInvitations(sent).map((i) => i.invitationId)).size).toBe(3);
    expect(sent.systemMessage).not.toHaveProperty('callInvitation');
    expect(sent.systemMessage.call).toEqual({
      callId: sent.callId,
      status: 'ringing',
      callerId: alice.uid,
      callees: Object.fromEntries(uids(callees).map((uid) => [uid, 'ringing'])),
      allowJoin: false,
    });

    // Each callee's incoming-calls listener works as for a one-to-one call, with the call's id.
    for (const [index, listener] of incoming.entries()) {
      const snapshot = await listener.waitFor((s) => s.size === 1, `callee ${index}'s ring`);
      expect(snapshot.docs[0]?.data()).toMatchObject({ callId: sent.callId, roomId: sent.roomId, callerId: alice.uid, callType: 'audio' });
      listener.stop();
    }
    const messages = await getDocs(collection(alice.db, 'conversations', conversationId, 'messages'));
    expect(messages.docs.filter((m) => m.data().type === 'system')).toHaveLength(1);

    // The call document: what the whole call shares, read by the caller and every callee.
    const call = await callDoc(alice, sent.callId);
    expect(call).toMatchObject({
      callerId: alice.uid,
      conversationId,
      roomId: sent.roomId,
      callType: 'audio',
      status: 'ringing',
      memberIds: [alice.uid, ...uids(callees)],
      callees: Object.fromEntries(uids(callees).map((uid) => [uid, 'ringing'])),
    });
    for (const callee of callees) expect((await callDoc(callee, sent.callId))?.status).toBe('ringing');

    // One ring push per callee, each to that callee's device only.
    for (const callee of callees) {
      const delivery = await finalDelivery(invitationFor(sent, callee));
      expect(delivery.state).toBe('sent');
      const rings = await outboxOfKind(invitationFor(sent, callee), 'call_invitation');
      expect(rings.map((push: DocumentData) => push.uid)).toEqual([callee.uid]);
      expect(rings[0]?.message.data).toMatchObject({ callId: sent.callId, invitationId: invitationFor(sent, callee) });
    }
  });

  it('answers one callee as before, plus the call’s id and the one invitation', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    expect(sent).toMatchObject({ invitationId: sent.callId, status: 'ringing', calleeOnline: false });
    expect(sent.invitations).toEqual([{ calleeId: bob.uid, invitationId: sent.invitationId, status: 'ringing' }]);
    expect(sent.systemMessage.callInvitation).toMatchObject({ invitationId: sent.invitationId, calleeId: bob.uid });
    expect(await callDoc(bob, sent.callId)).toMatchObject({ status: 'ringing', callees: { [bob.uid]: 'ringing' } });
  });

  it('refuses a bad group request with the right code, and writes nothing', async () => {
    const { alice, callees, erin, conversationId } = await group(2);
    const outsider = await signUp('Mallory');
    const nine = [...uids(callees), ...Array.from({ length: 7 }, () => randomUUID())];
    const cases: [string, unknown, string, string][] = [
      ['more than eight callees', { calleeIds: nine, conversationId }, 'invalid-argument', 'calleeIds'],
      ['no callee', { calleeIds: [], conversationId }, 'invalid-argument', 'calleeIds'],
      ['a callee twice', { calleeIds: [callees[0]?.uid, callees[0]?.uid], conversationId }, 'invalid-argument', 'calleeIds'],
      [
        'both calleeId and calleeIds',
        { calleeId: callees[0]?.uid, calleeIds: uids(callees), conversationId },
        'invalid-argument',
        'calleeId',
      ],
      ['a group without its conversation', { calleeIds: uids(callees) }, 'invalid-argument', 'conversationId'],
      ['the caller among the callees', { calleeIds: [...uids(callees), alice.uid], conversationId }, 'invalid-argument', 'calleeIds'],
      [
        'a callee who is not a member',
        { calleeIds: [...uids(callees), outsider.uid], conversationId },
        'permission-denied',
        'conversationId',
      ],
      ['a callee who does not exist', { calleeIds: [...uids(callees), `ghost-${randomUUID()}`], conversationId }, 'not-found', 'calleeIds'],
    ];
    for (const [what, request, code, field] of cases) {
      const error = await callError(alice.call('sendCallInvitation', request));
      expect({ what, code: error.code }).toEqual({ what, code });
      expect(error.message, what).toContain(field);
    }
    const [calls, invitations, messages] = await Promise.all([
      adminDb().collection('calls').where('callerId', '==', alice.uid).get(),
      adminDb().collection('callInvitations').where('callerId', '==', alice.uid).get(),
      adminDb().collection(`conversations/${conversationId}/messages`).get(),
    ]);
    expect([calls.size, invitations.size, messages.size]).toEqual([0, 0, 0]);
    // Erin is a member; she was never called and cannot read anything of a call.
    expect(erin.uid).not.toBe(alice.uid);
  });

  it('rings the others when one callee is busy, and is busy when all are', async () => {
    const { alice, callees, conversationId } = await group(2);
    const [bob, carol] = callees as [AppUser, AppUser];
    const other = await signUp('Oscar');
    const busyCall = await sendInvitation(other, { calleeId: carol.uid });
    await respond(carol, busyCall.invitationId, 'accept');

    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
    expect(sent.status).toBe('ringing');
    expect(sent.invitations.map((i) => i.status)).toEqual(['ringing', 'busy']);
    expect(await callDoc(alice, sent.callId)).toMatchObject({ callees: { [bob.uid]: 'ringing', [carol.uid]: 'busy' } });
    expect((await finalDelivery(invitationFor(sent, bob))).state).toBe('sent');

    await cancelCall(alice, sent.callId);
    // Oscar is in a call with Carol: he cannot place another.
    const oscarBusy = await callError(sendInvitation(other, { calleeId: bob.uid, requestId: randomUUID() }));
    expect(oscarBusy).toMatchObject({ code: 'failed-precondition', details: { activeInvitationId: busyCall.invitationId } });
    const busyToo = await sendInvitation(await signUp('Peggy'), { calleeId: bob.uid });
    await respond(bob, busyToo.invitationId, 'accept');
    const allBusy = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
    expect(allBusy.status).toBe('busy');
    expect(await callDoc(alice, allBusy.callId)).toMatchObject({ status: 'busy', callerState: 'left' });
  });

  it('lists a callee who blocked the caller as unavailable, in the group shape, and rings the others (issue 18, finding 5)', async () => {
    const { alice, callees, conversationId, erin } = await group(2);
    const [bob, carol] = callees as [AppUser, AppUser];
    await carol.beckon.blockUser(alice.uid);
    const request = { calleeIds: [carol.uid, bob.uid], conversationId, requestId: randomUUID() };
    const sent = await sendGroupCall(alice, request);
    expect(sent).not.toHaveProperty('invitationId');
    expect(sent.systemMessage).not.toHaveProperty('callInvitation');
    expect(sent.invitations).toEqual([
      { calleeId: carol.uid, status: 'unavailable' },
      { calleeId: bob.uid, invitationId: invitationFor(sent, bob), status: 'ringing' },
    ]);
    // A retry answers the same.
    expect(await sendGroupCall(alice, request)).toEqual(sent);
    const toCarol = await adminDb().collection('callInvitations').where('calleeId', '==', carol.uid).get();
    expect(toCarol.size).toBe(0);
    expect((await callDoc(alice, sent.callId))?.memberIds).toEqual([alice.uid, bob.uid]);
    // Carol was not rung, so the call is not hers to read; the history the others read names only Bob.
    expect((await callError(getDoc(doc(carol.db, 'calls', sent.callId)))).code).toBe('permission-denied');
    const line = (await getDoc(doc(erin.db, 'conversations', conversationId, 'messages', sent.systemMessage.id))).data();
    expect(Object.keys(line?.call.callees ?? {})).toEqual([bob.uid]);
    expect(JSON.stringify(line)).not.toContain(carol.uid);
    // Bob declines: the call is over in the group's words, as for any group call.
    await respond(bob, invitationFor(sent, bob), 'decline');
    expect(await callDoc(alice, sent.callId)).toMatchObject({ status: 'declined', callees: { [bob.uid]: 'declined' } });
    // Alone, she is refused as in a one-to-one call, with the same neutral words.
    const alone = await callError(sendGroupCall(alice, { calleeIds: [carol.uid], conversationId }));
    const direct = await callError(sendInvitation(alice, { calleeId: carol.uid }));
    expect(alone.code).toBe(direct.code);
    expect(alone.message).toBe(direct.message.replace('calleeId:', 'calleeIds:'));
    expect(alone.message).not.toContain('block');
  });

  it('answers calleeIds of one callee in the group shape, and ends it as a group call', async () => {
    const { alice, callees, conversationId } = await group(1);
    const [bob] = callees as [AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId });
    expect(sent.systemMessage).not.toHaveProperty('callInvitation');
    const invitationId = invitationFor(sent, bob);
    expect(invitationId).not.toBe(sent.callId);
    await respond(bob, invitationId, 'accept');
    expect(await leaveCall(bob, sent.callId)).toEqual({ status: 'ended', callStatus: 'ended' });
    const line = (await getDoc(doc(alice.db, 'conversations', conversationId, 'messages', sent.systemMessage.id))).data();
    expect(line).not.toHaveProperty('callInvitation');
    expect(line?.call).toMatchObject({ status: 'ended', callees: { [bob.uid]: 'left' } });
  });

  it('rings into a conversation that only has its members (as a chat backend may write one), and stamps it', async () => {
    const [alice, bob, carol] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')]);
    const bare = adminDb().collection('conversations').doc();
    await bare.set({ memberIds: uids([alice, bob, carol]) });
    const sent = await sendGroupCall(alice, { calleeIds: uids([bob, carol]), conversationId: bare.id });
    expect(sent).toMatchObject({ conversationId: bare.id, status: 'ringing' });
    expect((await bare.get()).data()?.lastMessageAt).toBeDefined();
  });

  it('counts a group call once per callee against the caller’s rate limit', async () => {
    const { alice, callees, conversationId } = await group(8);
    for (let round = 0; round < 3; round++) {
      const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
      await cancelCall(alice, sent.callId);
    }
    // 24 of 30 invitations this minute: eight more are too many, six are not.
    const refused = await callError(sendGroupCall(alice, { calleeIds: uids(callees), conversationId }));
    expect(refused.code).toBe('resource-exhausted');
    expect(refused.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    const six = await sendGroupCall(alice, { calleeIds: uids(callees).slice(0, 6), conversationId });
    expect(six.invitations).toHaveLength(6);
  });
});

describe('group calls: each callee answers for themselves', () => {
  it('keeps the others ringing when one accepts, and the caller learns it from the call document', async () => {
    const { alice, callees, conversationId } = await group(3);
    const [bob, carol, dave] = callees as [AppUser, AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    const callerScreen = listen(doc(alice.db, 'calls', sent.callId));
    await callerScreen.ready;

    const accepted = await respond(bob, invitationFor(sent, bob), 'accept');
    expect(accepted).toEqual({ status: 'accepted', callId: sent.callId, roomId: sent.roomId, conversationId });
    await callerScreen.waitFor((s) => s.data()?.status === 'active', 'the call to become active');
    expect((await invitationOf(invitationFor(sent, carol)))?.status).toBe('ringing');
    expect((await invitationOf(invitationFor(sent, dave)))?.status).toBe('ringing');

    // Bob's devices stop ringing (he answered); Carol's and Dave's do not.
    const stop = await finalDeliveryOf(invitationFor(sent, bob), 'call_cancelled');
    expect(stop.state).toBe('sent');
    expect((await outboxOfKind(invitationFor(sent, bob), 'call_cancelled'))[0]?.message.data.reason).toBe('answered_elsewhere');
    expect(await outboxOfKind(invitationFor(sent, carol), 'call_cancelled')).toEqual([]);

    await respond(carol, invitationFor(sent, carol), 'decline');
    const call = await callerScreen.waitFor((s) => s.data()?.callees[carol.uid] === 'declined', "Carol's answer");
    expect(call.data()).toMatchObject({
      status: 'active',
      callees: { [bob.uid]: 'accepted', [carol.uid]: 'declined', [dave.uid]: 'ringing' },
    });
    expect(await activeCallOf(alice.uid)).toMatchObject({ callId: sent.callId, roomId: sent.roomId });
    expect(await activeCallOf(bob.uid)).toMatchObject({ callId: sent.callId, roomId: sent.roomId });

    // History tells the story: "Alice called 3 people · Bob joined, Carol declined, Dave is ringing".
    const message = await getDoc(doc(carol.db, 'conversations', conversationId, 'messages', sent.systemMessage.id));
    expect(message.data()?.call).toMatchObject({
      status: 'active',
      callees: { [bob.uid]: 'accepted', [carol.uid]: 'declined', [dave.uid]: 'ringing' },
    });
    callerScreen.stop();
  });

  it('ends with the callees’ answer when all of them declined', async () => {
    const { alice, callees, conversationId } = await group(2);
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    const callerScreen = listen(doc(alice.db, 'calls', sent.callId));
    await callerScreen.ready;
    await respond(callees[0] as AppUser, invitationFor(sent, callees[0] as AppUser), 'decline');
    expect((await callDoc(alice, sent.callId))?.status).toBe('ringing');
    await respond(callees[1] as AppUser, invitationFor(sent, callees[1] as AppUser), 'decline');
    const over = await callerScreen.waitFor((s) => s.data()?.status !== 'ringing', 'the call to end');
    expect(over.data()).toMatchObject({ status: 'declined', callerState: 'left', endedAt: expect.anything() });
    const message = await getDoc(doc(alice.db, 'conversations', conversationId, 'messages', sent.systemMessage.id));
    expect(message.data()?.call.status).toBe('declined');
    callerScreen.stop();
  });
});

describe('group calls: cancelling, leaving, joining later', () => {
  it('cancelling the call stops every ring not yet answered; whoever is in stays in', async () => {
    const { alice, callees, conversationId } = await group(3);
    const [bob, carol, dave] = callees as [AppUser, AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await respond(bob, invitationFor(sent, bob), 'accept');
    expect(await cancelCall(alice, sent.callId)).toEqual({ status: 'cancelled' });

    for (const callee of [carol, dave]) {
      expect((await invitationOf(invitationFor(sent, callee)))?.status).toBe('cancelled');
      const stop = await finalDeliveryOf(invitationFor(sent, callee), 'call_cancelled');
      expect(stop.state).toBe('sent');
    }
    expect(await callDoc(alice, sent.callId)).toMatchObject({
      status: 'active',
      callees: { [bob.uid]: 'accepted', [carol.uid]: 'cancelled', [dave.uid]: 'cancelled' },
    });
    const late = await callError(respond(carol, invitationFor(sent, carol), 'accept'));
    expect(late).toMatchObject({ code: 'failed-precondition', details: { status: 'cancelled' } });
  });

  it('cancelling before anyone answered ends the call cancelled; a repeat answers the same', async () => {
    const { alice, callees, conversationId } = await group(2);
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await cancelCall(alice, sent.callId);
    expect(await cancelCall(alice, sent.callId)).toEqual({ status: 'cancelled' });
    expect(await callDoc(alice, sent.callId)).toMatchObject({ status: 'cancelled', callerState: 'left' });
    const byCallee = await callError(cancelCall(callees[0] as AppUser, sent.callId));
    expect(byCallee.code).toBe('permission-denied');
  });

  it('endCall is "I leave": the call goes on while two are in it, and ends for the last', async () => {
    const { alice, callees, conversationId } = await group(3);
    const [bob, carol, dave] = callees as [AppUser, AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await Promise.all([respond(bob, invitationFor(sent, bob), 'accept'), respond(carol, invitationFor(sent, carol), 'accept')]);

    expect(await leaveCall(bob, sent.callId)).toEqual({ status: 'ended', callStatus: 'active' });
    expect((await invitationOf(invitationFor(sent, bob)))?.status).toBe('ended');
    expect(await activeCallOf(bob.uid)).toBeUndefined();
    expect(await leaveCall(bob, sent.callId)).toEqual({ status: 'ended', callStatus: 'active' });

    // The caller leaves: Carol is alone, so the call ends; Dave, still ringing, stops ringing.
    expect(await alice.call('endCall', { invitationId: invitationFor(sent, carol) })).toEqual({ status: 'ended', callStatus: 'ended' });
    const call = await callDoc(carol, sent.callId);
    expect(call).toMatchObject({
      status: 'ended',
      endedBy: alice.uid,
      callees: { [bob.uid]: 'left', [carol.uid]: 'left', [dave.uid]: 'cancelled' },
    });
    expect((await invitationOf(invitationFor(sent, carol)))?.status).toBe('ended');
    expect((await invitationOf(invitationFor(sent, dave)))?.status).toBe('cancelled');
    for (const user of [alice, bob, carol]) expect(await activeCallOf(user.uid)).toBeUndefined();
    const message = await getDoc(doc(alice.db, 'conversations', conversationId, 'messages', sent.systemMessage.id));
    expect(message.data()?.call).toMatchObject({ status: 'ended', durationSeconds: expect.any(Number) });
    expect(await leaveCall(carol, sent.callId)).toEqual({ status: 'ended', callStatus: 'ended' });
  });

  it('the caller may end it for everyone; nobody else may', async () => {
    const { alice, callees, conversationId, erin } = await group(2);
    const [bob, carol] = callees as [AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await Promise.all([respond(bob, invitationFor(sent, bob), 'accept'), respond(carol, invitationFor(sent, carol), 'accept')]);
    expect((await callError(leaveCall(bob, sent.callId, true))).code).toBe('permission-denied');
    expect((await callError(leaveCall(erin, sent.callId))).code).toBe('permission-denied');
    const bad = await callError(alice.call('endCall', { invitationId: invitationFor(sent, bob), forEveryone: true }));
    expect(bad.code).toBe('invalid-argument');

    expect(await leaveCall(alice, sent.callId, true)).toEqual({ status: 'ended', callStatus: 'ended' });
    expect(await callDoc(alice, sent.callId)).toMatchObject({ status: 'ended', callees: { [bob.uid]: 'left', [carol.uid]: 'left' } });
    for (const user of [alice, bob, carol]) expect(await activeCallOf(user.uid)).toBeUndefined();
  });

  it('lets a callee who declined or missed join while the call is active, and nobody else unless allowed', async () => {
    const { alice, callees, conversationId, erin } = await group(2);
    const [bob, carol] = callees as [AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await respond(carol, invitationFor(sent, carol), 'decline');
    const notYet = await callError(joinCall(carol, sent.callId));
    expect(notYet).toMatchObject({ code: 'failed-precondition', details: { status: 'ringing' } });

    await respond(bob, invitationFor(sent, bob), 'accept');
    expect(await joinCall(carol, sent.callId)).toEqual({ status: 'active', callId: sent.callId, roomId: sent.roomId, conversationId });
    expect(await joinCall(carol, sent.callId)).toEqual({ status: 'active', callId: sent.callId, roomId: sent.roomId, conversationId });
    expect((await invitationOf(invitationFor(sent, carol)))?.status).toBe('declined');
    expect(await callDoc(carol, sent.callId)).toMatchObject({ callees: { [bob.uid]: 'accepted', [carol.uid]: 'accepted' } });
    expect(await activeCallOf(carol.uid)).toMatchObject({ callId: sent.callId, roomId: sent.roomId });

    // Erin is in the conversation but was not called, and the caller did not open the call.
    expect((await callError(joinCall(erin, sent.callId))).code).toBe('permission-denied');
    expect((await callError(getDoc(doc(erin.db, 'calls', sent.callId)))).code).toBe('permission-denied');

    // Carol leaves after joining: her declined invitation stays declined.
    await leaveCall(carol, sent.callId);
    expect((await invitationOf(invitationFor(sent, carol)))?.status).toBe('declined');
    await leaveCall(alice, sent.callId, true);
    expect((await callError(joinCall(carol, sent.callId))).code).toBe('failed-precondition');
  });

  it('lets any member of the conversation join when the caller allowed it', async () => {
    const { alice, callees, conversationId, erin } = await group(1);
    const [bob] = callees as [AppUser];
    const outsider = await signUp('Mallory');
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId, allowJoin: true });
    await respond(bob, rungInvitations(sent)[0]?.invitationId as string, 'accept');
    const joined = await joinCall(erin, sent.callId);
    expect(joined).toMatchObject({ status: 'active', roomId: sent.roomId });
    expect(await callDoc(erin, sent.callId)).toMatchObject({
      memberIds: [alice.uid, bob.uid, erin.uid],
      callees: { [erin.uid]: 'accepted' },
    });
    expect((await callError(joinCall(outsider, sent.callId))).code).toBe('permission-denied');

    // Bob leaves: Alice and Erin are still two, so it goes on.
    expect(await leaveCall(bob, sent.callId)).toEqual({ status: 'ended', callStatus: 'active' });
    expect(await leaveCall(erin, sent.callId)).toEqual({ status: 'ended', callStatus: 'ended' });
  });

  it('keeps out a member whom someone in the call blocked, with the refusal of an uninvited user (issue 18, finding 4)', async () => {
    const { alice, callees, erin } = await group(1);
    const [bob] = callees as [AppUser];
    const mallory = await signUp('Mallory');
    const withMallory = await groupConversation([alice, erin, bob, mallory]);
    await bob.beckon.blockUser(mallory.uid);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId: withMallory, allowJoin: true });
    await respond(bob, invitationFor(sent, bob), 'accept');

    const kept = await callError(joinCall(mallory, sent.callId));
    const uninvited = await callError(joinCall(await signUp('Oscar'), sent.callId));
    expect(kept).toEqual(uninvited);
    expect(kept.code).toBe('permission-denied');
    expect((await callError(getDoc(doc(mallory.db, 'calls', sent.callId)))).code).toBe('permission-denied');
    expect(await callDoc(alice, sent.callId)).toMatchObject({ memberIds: [alice.uid, bob.uid], callees: { [bob.uid]: 'accepted' } });
    // Whom nobody in it blocked still joins.
    expect(await joinCall(erin, sent.callId)).toMatchObject({ status: 'active' });
  });

  it('keeps out a joiner whom a callee who still rings blocked, and refuses an accept into a call with someone the callee blocked (issue 28, 4b)', async () => {
    // No devices: nothing here waits for a push. The order the issue found: Bob blocked Carol;
    // Dave accepted, Carol joined, then Bob accepted.
    const [alice, bob, carol, dave, erin] = await Promise.all(['Alice', 'Bob', 'Carol', 'Dave', 'Erin'].map((name) => signUp(name)));
    if (!alice || !bob || !carol || !dave || !erin) throw new Error('sign-up failed');
    const conversationId = await groupConversation([alice, bob, carol, dave, erin]);
    await bob.beckon.blockUser(carol.uid);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, dave.uid], conversationId, allowJoin: true });
    await respond(dave, invitationFor(sent, dave), 'accept');
    expect((await callError(joinCall(carol, sent.callId))).code).toBe('permission-denied');
    // Erin, whom nobody blocked, joins; Bob still may accept.
    await joinCall(erin, sent.callId);
    await respond(bob, invitationFor(sent, bob), 'accept');
    const first = await callDoc(alice, sent.callId);
    expect(first).toMatchObject({ callees: { [bob.uid]: 'accepted', [dave.uid]: 'accepted', [erin.uid]: 'accepted' } });
    expect(Object.keys(first?.callees ?? {})).not.toContain(carol.uid);
    await leaveCall(alice, sent.callId, true);

    // A block made while the call rings: Carol, already in, is blocked by Erin, who still rings.
    const second = await sendGroupCall(alice, { calleeIds: [carol.uid, erin.uid], conversationId });
    await respond(carol, invitationFor(second, carol), 'accept');
    await erin.beckon.blockUser(carol.uid);
    const refused = await callError(respond(erin, invitationFor(second, erin), 'accept'));
    expect(refused.code).toBe('failed-precondition');
    expect(refused.message).toContain('someone you blocked is in this call');
    expect(await callDoc(alice, second.callId)).toMatchObject({ callees: { [erin.uid]: 'ringing' } });
    expect((await activeCallOf(erin.uid))?.callId).not.toBe(second.callId);
  });

  it('takes out of the call whom someone in it blocks during it, and stops a ring still on for them; the others go on (issue 28)', async () => {
    // No devices: nothing here waits for a push.
    const [alice, bob, carol, dave] = await Promise.all(['Alice', 'Bob', 'Carol', 'Dave'].map((name) => signUp(name)));
    if (!alice || !bob || !carol || !dave) throw new Error('sign-up failed');
    const conversationId = await groupConversation([alice, bob, carol, dave]);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid, dave.uid], conversationId });
    await Promise.all([respond(bob, invitationFor(sent, bob), 'accept'), respond(carol, invitationFor(sent, carol), 'accept')]);

    await bob.beckon.blockUser(carol.uid);
    expect(await callDoc(alice, sent.callId)).toMatchObject({
      status: 'active',
      callees: { [bob.uid]: 'accepted', [carol.uid]: 'left', [dave.uid]: 'ringing' },
    });
    expect(await activeCallOf(carol.uid)).toBeUndefined();
    expect((await activeCallOf(bob.uid))?.callId).toBe(sent.callId);
    // Carol's invitation says only that her part ended, by nobody she can name.
    expect(await invitationOf(invitationFor(sent, carol))).toMatchObject({ status: 'ended', endedBy: 'system' });

    // Dave still rings; Alice blocks him: his ring stops, as a cancel would stop it.
    await alice.beckon.blockUser(dave.uid);
    expect(await invitationOf(invitationFor(sent, dave))).toMatchObject({ status: 'cancelled' });
    expect((await callDoc(alice, sent.callId))?.status).toBe('active');
    await leaveCall(alice, sent.callId, true);
  });

  it('a block during a one-to-one call is the blocker hanging up: the call ends for both', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, sent.invitationId, 'accept');
    await bob.beckon.blockUser(alice.uid);
    expect(await invitationOf(sent.invitationId)).toMatchObject({ status: 'ended', endedBy: bob.uid });
    expect(await callDoc(alice, sent.callId)).toMatchObject({ status: 'ended', endedReason: 'hung_up' });
    expect(await activeCallOf(alice.uid)).toBeUndefined();
    expect(await activeCallOf(bob.uid)).toBeUndefined();
  });

  it('holds at most MAX_CALL_PARTICIPANTS (9, the caller included): the next join is resource-exhausted, and the history line says the call is full', async () => {
    // No devices: nothing here waits for a push. Alice rings Bob; seven more members join.
    const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'];
    const users = await Promise.all(names.map((name) => signUp(name)));
    const [alice, bob, ...joiners] = users as [AppUser, AppUser, ...AppUser[]];
    const judy = joiners.pop() as AppUser;
    const conversationId = await groupConversation(users);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId, allowJoin: true });
    await respond(bob, invitationFor(sent, bob), 'accept');
    for (const joiner of joiners) await joinCall(joiner, sent.callId);
    const historyLine = async () =>
      (await getDoc(doc(judy.db, 'conversations', conversationId, 'messages', sent.systemMessage.id))).data()?.call;
    expect(await historyLine()).toMatchObject({ status: 'active', full: true });

    const refused = await callError(joinCall(judy, sent.callId));
    expect(refused.code).toBe('resource-exhausted');
    expect(refused.message).toContain('the call is full (9 people)');
    expect(refused.details).toMatchObject({ maxParticipants: 9 });
    expect((await callDoc(alice, sent.callId))?.callees).not.toHaveProperty(judy.uid);
    expect(await activeCallOf(judy.uid)).toBeUndefined();

    // One leaves: there is room again, and the line says so.
    await leaveCall(joiners[0] as AppUser, sent.callId);
    expect((await historyLine())?.full).toBeUndefined();
    expect(await joinCall(judy, sent.callId)).toMatchObject({ status: 'active' });
    await leaveCall(alice, sent.callId, true);
  });

  it('diagnoses each callee’s invitation for that callee and for the caller', async () => {
    const { alice, callees, conversationId } = await group(2);
    const [bob, carol] = callees as [AppUser, AppUser];
    const sent = await sendGroupCall(alice, { calleeIds: uids(callees), conversationId });
    await finalDelivery(invitationFor(sent, bob));
    await finalDelivery(invitationFor(sent, carol));
    const forBob = await bob.beckon.diagnose(invitationFor(sent, bob));
    expect(forBob.checks.find((check) => check.id === 'push_result')?.status).toBe('pass');
    const forAlice = await alice.beckon.diagnose(invitationFor(sent, carol));
    expect(forAlice.checks.map((check) => check.id)).toContain('persisted');
    expect((await callError(carol.beckon.diagnose(invitationFor(sent, bob)))).code).toBe('permission-denied');
  });
});
