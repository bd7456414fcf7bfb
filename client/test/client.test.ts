import { collection, doc, getDoc, getDocs, query, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb } from '../../test/support/admin.js';
import { signOut } from 'firebase/auth';
import { type AppUser, deleteClientApps, newClientApp, signInOn, signUp } from '../../test/support/client.js';
import { groupConversation, registerDevice } from '../../test/support/fixtures.js';
import { recorder } from '../../test/support/recorder.js';
import {
  type BeckonClient,
  BeckonError,
  type CallUpdate,
  type DirectOutgoingCall,
  type IncomingCall,
  type HistoryMessage,
  type OutgoingCall,
  beckonClient,
} from '../src/index.js';

afterAll(deleteClientApps);

/** A signed-in app user and Beckon's client on their app. */
async function user(name: string): Promise<{ user: AppUser; beckon: BeckonClient }> {
  const signedIn = await signUp(name);
  return { user: signedIn, beckon: beckonClient(signedIn.app) };
}

/** A call to one callee, as the library types it. */
function oneToOne(call: OutgoingCall): DirectOutgoingCall {
  if (call.group) throw new Error('expected a one-to-one call');
  return call;
}

describe('the client library', () => {
  it('places a call the callee sees ringing, acknowledges and accepts; the caller sees Calling, Ringing, accepted', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    await bob.beckon.registerDevice({ deviceId: 'bob-phone', platform: 'web', fcmToken: `token-${crypto.randomUUID()}` });
    const incoming = recorder<IncomingCall[]>();
    const stopIncoming = bob.beckon.onIncomingCalls((calls) => incoming.push(calls));
    await incoming.waitFor((calls) => calls.length === 0, 'the first, empty list');

    const call = oneToOne(await alice.beckon.call(bob.user.uid, { callType: 'audio' }));
    expect(call).toMatchObject({ invitationId: call.callId, status: 'ringing', group: false });
    const updates = recorder<CallUpdate>();
    const stopUpdates = call.onChange((update) => updates.push(update));
    await updates.waitFor((u) => u.status === 'ringing' && u.receivedAt === undefined, '"Calling"');

    const [ringing] = await incoming.waitFor((calls) => calls.length === 1, 'the ring');
    expect(ringing).toMatchObject({ invitationId: call.invitationId, callerName: 'Alice', callType: 'audio', roomId: call.roomId });
    const receipt = await ringing!.acknowledge({ deviceId: 'bob-phone', source: 'listener' });
    expect(receipt.serverTime).toBeGreaterThan(0);
    await updates.waitFor((u) => u.receivedAt !== undefined, '"Ringing"');

    // All the server answered (media too, when the server hands it out: not with MEDIA_PROVIDER=none).
    expect(await ringing!.accept({ deviceId: 'bob-phone' })).toMatchObject({
      callId: call.callId,
      roomId: call.roomId,
      conversationId: call.conversationId,
    });
    // One vocabulary for one callee or many: the accepted call is `active`.
    await updates.waitFor((u) => u.status === 'active', 'active');
    expect(updates.seen.at(-1)?.callees).toEqual({ [bob.user.uid]: 'accepted' });
    await incoming.waitFor((calls) => calls.length === 0, 'the ring to leave the list');

    expect(await call.end()).toEqual({ status: 'ended' });
    await updates.waitFor((u) => u.status === 'ended', 'ended');
    stopUpdates();
    stopIncoming();
  });

  it('follows the signed-in user: nobody signed in is reported as an error, and a sign-in lists the new user’s calls', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const device = newClientApp();
    const beckon = beckonClient(device.app);
    const lists = recorder<IncomingCall[]>();
    const errors = recorder<BeckonError>();
    const stop = beckon.onIncomingCalls(
      (calls) => lists.push(calls),
      (error) => errors.push(error),
    );
    const notSignedIn = await errors.waitFor(() => true, 'the not-signed-in error');
    expect(notSignedIn).toBeInstanceOf(BeckonError);
    expect(notSignedIn.code).toBe('unauthenticated');
    expect(lists.seen).toEqual([[]]);

    await signInOn(device, bob.user);
    await lists.waitFor(() => lists.seen.length === 2, "Bob's first list");
    const call = oneToOne(await alice.beckon.call(bob.user.uid));
    await lists.waitFor((calls) => calls.some((incoming) => incoming.invitationId === call.invitationId), "Bob's ring");

    await signOut(device.auth);
    await errors.waitFor(() => errors.seen.length === 2, 'the error after signing out');
    expect(lists.seen.at(-1)).toEqual([]);
    stop();
  });

  it('gives one call on a flaky network: a lost answer is retried with the same requestId', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const realFetch = globalThis.fetch;
    let dropped = 0;
    // The first answer of sendCallInvitation is lost on the way back, after the server acted.
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).endsWith('/sendCallInvitation') && dropped === 0) {
        dropped++;
        throw new TypeError('network connection lost');
      }
      return response;
    };
    try {
      const call = oneToOne(await alice.beckon.call(bob.user.uid));
      expect(dropped).toBe(1);
      const invitations = await adminDb().collection('callInvitations').where('callerId', '==', alice.user.uid).get();
      expect(invitations.docs.map((d) => d.id)).toEqual([call.invitationId]);
      const messages = await getDocs(collection(alice.user.db, 'conversations', call.conversationId, 'messages'));
      expect(messages.size).toBe(1);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('cancels: the call leaves the callee’s list, and a push about it answers null', async () => {
    const [carol, bob] = await Promise.all([user('Carol'), user('Bob')]);
    const incoming = recorder<IncomingCall[]>();
    const stop = bob.beckon.onIncomingCalls((calls) => incoming.push(calls));
    await incoming.waitFor((calls) => calls.length === 0, 'the first list');
    const call = oneToOne(await carol.beckon.call(bob.user.uid));
    await incoming.waitFor((calls) => calls.length === 1, 'the ring');

    const pushData = { type: 'call_invitation', invitationId: call.invitationId };
    expect((await bob.beckon.callFromPush(pushData))?.invitationId).toBe(call.invitationId);
    await call.cancel();
    await call.cancel();
    await incoming.waitFor((calls) => calls.length === 0, 'the cancelled call to leave the list');
    expect(await bob.beckon.callFromPush(pushData)).toBeNull();
    expect(await bob.beckon.callFromPush({ type: 'missed_call', invitationId: call.invitationId })).toBeNull();
    stop();
  });

  it('refuses with one error class carrying the code and details, and writes nothing', async () => {
    const { user: alice, beckon } = await user('Alice');
    const error = await beckon.call(alice.uid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeckonError);
    expect(error).toMatchObject({ code: 'invalid-argument', details: { field: 'calleeId' } });
    const none = await beckon.call(`ghost-${crypto.randomUUID()}`).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'not-found' });
  });

  it('rings a group and tells the caller each callee’s answer', async () => {
    const [alice, bob, carol] = await Promise.all([user('Alice'), user('Bob'), user('Carol')]);
    const conversationId = await groupConversation([alice.user, bob.user, carol.user]);
    const call = await alice.beckon.call([bob.user.uid, carol.user.uid], { conversationId });
    expect(call).toMatchObject({ group: true, status: 'ringing' });
    expect('invitationId' in call).toBe(false);
    const updates = recorder<CallUpdate>();
    const stop = call.onChange((update) => updates.push(update));

    const bobIncoming = recorder<IncomingCall[]>();
    const stopBob = bob.beckon.onIncomingCalls((calls) => bobIncoming.push(calls));
    const [forBob] = await bobIncoming.waitFor((calls) => calls.length === 1, "Bob's ring");
    expect(forBob?.callId).toBe(call.callId);
    await forBob!.accept();
    const toCarol = call.invitations[1];
    expect(toCarol).toMatchObject({ calleeId: carol.user.uid, status: 'ringing' });
    const invitationId = toCarol && 'invitationId' in toCarol ? toCarol.invitationId : undefined;
    const carolCall = await carol.beckon.callFromPush({ type: 'call_invitation', invitationId });
    await carolCall!.decline();
    const both = await updates.waitFor((u) => u.callees[carol.user.uid] === 'declined', "Carol's answer");
    expect(both).toEqual({
      status: 'active',
      callees: { [bob.user.uid]: 'accepted', [carol.user.uid]: 'declined' },
      participants: [alice.user.uid, bob.user.uid],
    });
    expect(await carol.beckon.joinCall(call.callId)).toMatchObject({ status: 'active', roomId: call.roomId });
    expect(await call.end({ forEveryone: true })).toEqual({ status: 'ended', callStatus: 'ended' });
    stop();
    stopBob();
  });

  it('gives the history with typed call messages, and posts text', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const call = oneToOne(await alice.beckon.call(bob.user.uid));
    const history = recorder<HistoryMessage[]>();
    const stop = bob.beckon.onConversation(call.conversationId, (messages) => history.push(messages));
    await alice.beckon.sendText(call.conversationId, 'are you there?');
    const messages = await history.waitFor((m) => m.length === 2, 'the call and the text');
    expect(messages[0]).toMatchObject({
      type: 'system',
      callInvitation: { invitationId: call.invitationId, status: 'ringing' },
      call: { callId: call.callId, status: 'ringing' },
    });
    expect(messages[1]).toMatchObject({ type: 'text', senderId: alice.user.uid, text: 'are you there?' });
    stop();
  });

  it('listens to the latest page of a long history, and pages back on request (issue 29: it had loaded 6,001 messages)', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const conversationId = await groupConversation([alice.user, bob.user]);
    // 60 texts, a second apart, written as the rules would stamp them.
    const batch = adminDb().batch();
    for (let i = 0; i < 60; i++) {
      const ref = adminDb()
        .collection(`conversations/${conversationId}/messages`)
        .doc(`m${String(i).padStart(2, '0')}`);
      batch.set(ref, {
        type: 'text',
        senderId: alice.user.uid,
        text: `text ${i}`,
        createdAt: Timestamp.fromMillis(Date.now() - 120_000 + i * 1000),
      });
    }
    await batch.commit();
    const pages = recorder<{ texts: string[]; hasOlder: boolean }>();
    const stop = bob.beckon.onConversation(
      conversationId,
      (messages, page) => pages.push({ texts: messages.map((m) => m.text), hasOlder: page.hasOlder }),
      undefined,
      { pageSize: 25 },
    );
    const latest = await pages.waitFor((page) => page.texts.length > 0, 'the latest page');
    expect(latest).toEqual({ texts: Array.from({ length: 25 }, (_, i) => `text ${35 + i}`), hasOlder: true });
    stop.loadOlder();
    expect((await pages.waitFor((page) => page.texts.length === 50, 'a page more')).texts[0]).toBe('text 10');
    stop.loadOlder();
    const all = await pages.waitFor((page) => page.texts.length === 60, 'the whole history');
    expect(all.hasOlder).toBe(false);
    // Still live: a new message comes in at the end.
    await alice.beckon.sendText(conversationId, 'and one more');
    expect((await pages.waitFor((page) => page.texts.at(-1) === 'and one more', 'the new text')).texts.length).toBe(61);
    await stop();
  });

  it('keeps presence online while running and offline once stopped; wraps the device and block callables', async () => {
    const { user: alice, beckon } = await user('Alice');
    const stop = beckon.startPresence();
    const presence = doc(alice.db, 'presence', alice.uid);
    await expect.poll(async () => (await getDoc(presence)).data()?.state, { timeout: 10_000 }).toBe('online');
    await stop();
    expect((await getDoc(presence)).data()?.state).toBe('offline');

    expect(await beckon.registerDevice({ deviceId: 'web-1', platform: 'web', fcmToken: `token-${crypto.randomUUID()}` })).toEqual({
      deviceId: 'web-1',
    });
    const mine = await getDocs(query(collection(alice.db, 'users', alice.uid, 'devices'), where('platform', '==', 'web')));
    expect(mine.size).toBe(1);
    expect(await beckon.unregisterDevice('web-1')).toEqual({ removed: true });
    const { user: mallory } = await user('Mallory');
    expect(await beckon.blockUser(mallory.uid)).toEqual({ blocked: true });
    expect(await beckon.unblockUser(mallory.uid)).toEqual({ unblocked: true });
    await registerDevice(alice, { deviceId: 'phone', platform: 'android' });
    expect((await beckon.sendTestPush({ deviceId: 'phone' })).devices).toHaveLength(1);
  });
});
