import { addDoc, collection, doc, getDoc, serverTimestamp } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateLimitedDetails } from '../../functions/src/contract/index.js';
import { adminDb, finalDelivery } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, registerDevice, sendInvitation } from '../support/fixtures.js';

afterAll(deleteClientApps);

const invitationsBy = async (callerId: string) =>
  (await adminDb().collection('callInvitations').where('callerId', '==', callerId).get()).docs.map((d) => d.data());

describe('rate limits', () => {
  it('lets a caller ring one callee 10 times a minute, then answers resource-exhausted with retryAfterSeconds and writes nothing', async () => {
    const [caller, callee, other] = await Promise.all([signUp(), signUp(), signUp()]);
    await registerDevice(callee, { platform: 'android' });
    for (let i = 0; i < 10; i++) await sendInvitation(caller, { calleeId: callee.uid });

    const refused = await callError(sendInvitation(caller, { calleeId: callee.uid, requestId: 'eleventh' }));
    expect(refused.code).toBe('resource-exhausted');
    const { retryAfterSeconds } = refused.details as RateLimitedDetails;
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.message).toContain(`${retryAfterSeconds} s`);
    expect(await invitationsBy(caller.uid)).toHaveLength(10);
    // Another caller is not held back by this one's limit.
    expect((await sendInvitation(other, { calleeId: callee.uid })).status).toBe('ringing');

    // Another callee is still within the caller's overall limit.
    const elsewhere = await sendInvitation(caller, { calleeId: other.uid });
    expect(elsewhere.status).toBe('ringing');
  });

  it('lets a caller place 30 invitations a minute in all', { timeout: 60_000 }, async () => {
    const caller = await signUp();
    const callees = await Promise.all(Array.from({ length: 4 }, () => signUp()));
    for (let i = 0; i < 30; i++) await sendInvitation(caller, { calleeId: callees[i % 4]!.uid });
    const refused = await callError(sendInvitation(caller, { calleeId: callees[0]!.uid }));
    expect(refused.code).toBe('resource-exhausted');
    expect((refused.details as RateLimitedDetails).retryAfterSeconds).toBeGreaterThan(0);
    expect(await invitationsBy(caller.uid)).toHaveLength(30);
  });

  it('does not count a retried requestId again', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    for (let i = 0; i < 9; i++) await sendInvitation(caller, { calleeId: callee.uid });
    const tenth = await sendInvitation(caller, { calleeId: callee.uid, requestId: 'tap-10' });
    const retried = await sendInvitation(caller, { calleeId: callee.uid, requestId: 'tap-10' });
    expect(retried.invitationId).toBe(tenth.invitationId);
    expect((await callError(sendInvitation(caller, { calleeId: callee.uid }))).code).toBe('resource-exhausted');
  });
});

describe('blocking', () => {
  it("refuses a blocked caller's call with a neutral permission-denied: nothing stored, nothing rings, nothing in history", async () => {
    const [mallory, bob] = await Promise.all([signUp('Mallory'), signUp('Bob')]);
    await registerDevice(bob, { platform: 'android' });
    const before = await sendInvitation(mallory, { calleeId: bob.uid });
    expect(await bob.beckon.blockUser(mallory.uid)).toEqual({ blocked: true });
    expect(await bob.beckon.blockUser(mallory.uid)).toEqual({ blocked: true });

    const refused = await callError(sendInvitation(mallory, { calleeId: bob.uid, requestId: 'after-block' }));
    expect(refused.code).toBe('permission-denied');
    expect(refused.message.toLowerCase()).not.toContain('block');
    const stored = await invitationsBy(mallory.uid);
    expect(stored).toHaveLength(1);
    const history = await adminDb().collection(`conversations/${before.conversationId}/messages`).get();
    expect(history.size).toBe(1);
    // Bob's phone rang for the call before the block, and for nothing after it.
    await finalDelivery(before.invitationId);
    const bobsPushes = await adminDb().collection('pushOutbox').where('uid', '==', bob.uid).get();
    expect(bobsPushes.docs.map((push) => push.data().invitationId)).toEqual([before.invitationId]);

    // The blocked user can no longer write into the direct conversation either (rules).
    const write = addDoc(collection(mallory.db, 'conversations', before.conversationId, 'messages'), {
      type: 'text',
      senderId: mallory.uid,
      text: 'hello?',
      createdAt: serverTimestamp(),
    });
    expect((await callError(write)).code).toBe('permission-denied');
    // Bob still can, and reads his own list; Mallory cannot read it.
    await addDoc(collection(bob.db, 'conversations', before.conversationId, 'messages'), {
      type: 'text',
      senderId: bob.uid,
      text: 'no',
      createdAt: serverTimestamp(),
    });
    expect((await getDoc(doc(bob.db, 'users', bob.uid, 'blocked', mallory.uid))).exists()).toBe(true);
    expect((await callError(getDoc(doc(mallory.db, 'users', bob.uid, 'blocked', mallory.uid)))).code).toBe('permission-denied');

    // Bob can still call Mallory, and unblocking restores her calls.
    await sendInvitation(bob, { calleeId: mallory.uid });
    expect(await bob.beckon.unblockUser(mallory.uid)).toEqual({ unblocked: true });
    expect(await bob.beckon.unblockUser(mallory.uid)).toEqual({ unblocked: false });
    expect((await sendInvitation(mallory, { calleeId: bob.uid })).status).toBe('ringing');
  });

  it('refuses to block yourself or nobody, and bad input', async () => {
    const user = await signUp();
    expect((await callError(user.beckon.blockUser(user.uid))).code).toBe('invalid-argument');
    expect((await callError(user.beckon.blockUser('no-such-user'))).code).toBe('not-found');
    expect((await callError(user.call('blockUser', { uid: 'a/b' }))).code).toBe('invalid-argument');
    expect((await callError(user.call('unblockUser', {}))).code).toBe('invalid-argument');
  });
});
