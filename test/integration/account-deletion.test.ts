import { deleteUser } from 'firebase/auth';
import { Timestamp, doc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { callableNames } from '../../functions/src/contract/index.js';
import { adminDb, finalDeliveryOf, outboxOfKind, waitForAdminDoc } from '../support/admin.js';
import { postCallable } from '../support/callable-http.js';
import { deleteClientApps, firestoreWithToken, signUp } from '../support/client.js';
import {
  goOnline,
  joinCall,
  leaveCall,
  groupConversation,
  registerDevice,
  respond,
  rungInvitations,
  sendGroupCall,
  sendInvitation,
} from '../support/fixtures.js';

afterAll(deleteClientApps);

const exists = async (path: string) => (await adminDb().doc(path).get()).exists;

describe('when an Auth account is deleted', () => {
  it(
    'ends its ringing calls with the usual pushes, and forgets its devices, presence, block list and profile',
    { timeout: 60_000 },
    async () => {
      const [alice, bob, carol, mallory] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol'), signUp('Mallory')]);
      await Promise.all([
        registerDevice(bob, { deviceId: 'bob-phone', platform: 'android' }),
        registerDevice(alice, { deviceId: 'alice-phone', platform: 'ios' }),
      ]);
      await goOnline(alice);
      await alice.beckon.blockUser(mallory.uid);
      await adminDb().doc(`users/${alice.uid}`).set({ displayName: 'Alice' });
      const placed = await sendInvitation(alice, { calleeId: bob.uid });
      const received = await sendInvitation(carol, { calleeId: alice.uid });

      await deleteUser(alice.auth.currentUser!);

      const cancelled = await waitForAdminDoc(
        `callInvitations/${placed.invitationId}`,
        (d) => d?.status === 'cancelled',
        'her call to Bob to be cancelled',
      );
      expect(cancelled?.respondedBy).toBe(alice.uid);
      await waitForAdminDoc(`callInvitations/${received.invitationId}`, (d) => d?.status === 'missed', "Carol's call to her to be missed");
      // Bob's phone stops ringing, as for any cancel.
      expect((await finalDeliveryOf(placed.invitationId, 'call_cancelled')).state).toBe('sent');
      expect((await outboxOfKind(placed.invitationId, 'call_cancelled')).map((p) => p.message.data.reason)).toEqual(['cancelled']);

      await waitForAdminDoc(`users/${alice.uid}/devices/alice-phone`, (d) => d === undefined, 'her devices to be removed');
      expect(await exists(`presence/${alice.uid}`)).toBe(false);
      expect(await exists(`users/${alice.uid}/blocked/${mallory.uid}`)).toBe(false);
      expect(await exists(`users/${alice.uid}`)).toBe(false);
      // The others keep theirs, and the history stays.
      expect(await exists(`users/${bob.uid}/devices/bob-phone`)).toBe(true);
      expect(await exists(`conversations/${placed.conversationId}/messages/${placed.systemMessage.id}`)).toBe(true);
    },
  );

  it('ends an accepted call and frees the other party', { timeout: 60_000 }, async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const call = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, call.invitationId, 'accept');
    expect(await exists(`activeCalls/${alice.uid}`)).toBe(true);

    await deleteUser(bob.auth.currentUser!);

    const ended = await waitForAdminDoc(`callInvitations/${call.invitationId}`, (d) => d?.status === 'ended', 'the call to end');
    expect(ended?.endedBy).toBe(bob.uid);
    await waitForAdminDoc(`activeCalls/${alice.uid}`, (d) => d === undefined, "Alice's active call to be freed");
    expect(await exists(`activeCalls/${bob.uid}`)).toBe(false);
    expect((await sendInvitation(alice, { calleeId: (await signUp()).uid })).status).toBe('ringing');
  });

  it('takes a deleted callee out of a group call, which goes on while two are left', { timeout: 60_000 }, async () => {
    const [alice, bob, carol] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')]);
    const conversationId = await groupConversation([alice, bob, carol]);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
    const invitationOf = (uid: string) => rungInvitations(sent).find((i) => i.calleeId === uid)?.invitationId as string;
    await Promise.all([respond(bob, invitationOf(bob.uid), 'accept'), respond(carol, invitationOf(carol.uid), 'accept')]);

    await deleteUser(carol.auth.currentUser!);

    const call = await waitForAdminDoc(`calls/${sent.callId}`, (d) => d?.callees[carol.uid] === 'left', 'Carol to leave the call');
    expect(call?.status).toBe('active');
    expect(
      (
        await adminDb()
          .doc(`callInvitations/${invitationOf(carol.uid)}`)
          .get()
      ).data()?.status,
    ).toBe('ended');
    expect(await exists(`activeCalls/${alice.uid}`)).toBe(true);
    expect(await exists(`activeCalls/${carol.uid}`)).toBe(false);
  });

  it(
    'is gone at once: its saved ID token, still within its hour, is refused by every callable and every collection a client writes (issue 29)',
    { timeout: 60_000 },
    async () => {
      const [alice, bob, carol] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')]);
      const conversationId = await groupConversation([alice, bob, carol]);
      const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId, allowJoin: true });
      await respond(bob, rungInvitations(sent)[0]?.invitationId as string, 'accept');
      await joinCall(carol, sent.callId);
      const saved = (await carol.auth.currentUser?.getIdToken()) as string;

      await deleteUser(carol.auth.currentUser!);
      await waitForAdminDoc(`deletedUsers/${carol.uid}`, (d) => d !== undefined, 'her tombstone');
      await waitForAdminDoc(`activeCalls/${carol.uid}`, (d) => d === undefined, 'her part in the call to end');

      // Every callable, with a request it would otherwise take (joinCall's: back into the call).
      const answers: Record<string, string | undefined> = {};
      for (const name of callableNames) {
        const data = name === 'joinCall' ? { callId: sent.callId } : {};
        answers[name] = (await postCallable(name, saved, JSON.stringify({ data }))).body.error?.status;
      }
      expect(answers).toEqual(Object.fromEntries(callableNames.map((name) => [name, 'UNAUTHENTICATED'])));

      // Every collection a client writes, with the same token: refused, nothing written.
      const db = firestoreWithToken(saved);
      const refusals = await Promise.allSettled([
        setDoc(doc(db, 'presence', carol.uid), { state: 'online', lastSeenAt: serverTimestamp() }),
        setDoc(doc(db, 'users', carol.uid), { displayName: 'Carol' }),
        setDoc(doc(db, 'conversations', conversationId, 'messages', 'after-deletion'), {
          type: 'text',
          senderId: carol.uid,
          text: 'still here',
          createdAt: serverTimestamp(),
        }),
        setDoc(doc(db, 'calls', sent.callId, 'signals', `${carol.uid}-0`), {
          from: carol.uid,
          to: alice.uid,
          seq: 0,
          kind: 'offer',
          payload: '{}',
          createdAt: serverTimestamp(),
          expireAt: Timestamp.fromMillis(Date.now() + 600_000),
        }),
        updateDoc(doc(db, 'activeCalls', carol.uid), { aliveAt: serverTimestamp() }),
      ]);
      expect(refusals.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'written'))).toEqual(
        Array(5).fill('permission-denied'),
      );
      const left = await Promise.all(
        [
          `presence/${carol.uid}`,
          `users/${carol.uid}`,
          `conversations/${conversationId}/messages/after-deletion`,
          `activeCalls/${carol.uid}`,
        ].map(exists),
      );
      expect(left).toEqual([false, false, false, false]);
      expect((await adminDb().doc(`calls/${sent.callId}`).get()).data()?.callees[carol.uid]).toBe('left');
      expect((await adminDb().collection(`users/${carol.uid}/devices`).get()).size).toBe(0);
      await leaveCall(alice, sent.callId, true);
    },
  );
});
