import { afterAll, describe, expect, it } from 'vitest';
import { type AppUser, deleteClientApps, signUp } from '../../test/support/client.js';
import { groupConversation } from '../../test/support/fixtures.js';
import { recorder } from '../../test/support/recorder.js';
import { type BeckonClient, type CallHandle, type CallUpdate, type IncomingCall, beckonClient } from '../src/index.js';

// One handle for the whole call: the caller's from call(), the callee's from accept() or by id,
// with the same state, the same ways out, the same stop.

afterAll(deleteClientApps);

async function user(name: string): Promise<{ user: AppUser; beckon: BeckonClient }> {
  const signedIn = await signUp(name);
  return { user: signedIn, beckon: beckonClient(signedIn.app) };
}

async function ringing(beckon: BeckonClient, count = 1): Promise<IncomingCall[]> {
  const seen = recorder<IncomingCall[]>();
  const stop = beckon.onIncomingCalls((calls) => seen.push(calls));
  const calls = await seen.waitFor((list) => list.length === count, `${count} call(s) ringing`);
  await stop();
  return calls;
}

function watch(handle: CallHandle) {
  const updates = recorder<CallUpdate>();
  const stop = handle.onChange((update) => updates.push(update));
  return { updates, stop };
}

describe('the call handle', () => {
  it('gives both sides the same state, and a callee’s hang-up ends a one-to-one call for both', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const call = await alice.beckon.call(bob.user.uid);
    const [incoming] = await ringing(bob.beckon);
    const accepted = await incoming!.accept();
    expect(accepted).toMatchObject({ callId: call.callId, roomId: call.roomId, conversationId: call.conversationId });

    const [callerView, calleeView] = [watch(call), watch(accepted)];
    const both = [alice.user.uid, bob.user.uid].sort();
    for (const { updates } of [callerView, calleeView]) {
      await updates.waitFor((u) => u.status === 'active' && [...u.participants].sort().join() === both.join(), 'both in the call');
    }
    // The callee sees the whole call in the same words as the caller.
    expect(calleeView.updates.seen.at(-1)).toMatchObject({ status: 'active', callees: { [bob.user.uid]: 'accepted' } });

    await accepted.hangUp();
    for (const { updates } of [callerView, calleeView]) {
      await updates.waitFor((u) => u.status === 'ended' && u.participants.length === 0, 'the call over for both');
    }
    await Promise.all([callerView.stop(), calleeView.stop()]);
    // Safe to repeat, from either side.
    await accepted.hangUp();
    await call.hangUp();
  });

  it('the caller’s hang-up while it still rings stops the ring (no failed-precondition); by id, a decline’s message shows', async () => {
    const [alice, bob] = await Promise.all([user('Alice'), user('Bob')]);
    const first = await alice.beckon.call(bob.user.uid);
    await first.hangUp();
    const byId = await bob.beckon.callHandle(first.callId);
    const bobView = watch(byId);
    await bobView.updates.waitFor((u) => u.status === 'cancelled', 'the ring stopped');
    await bobView.stop();

    const second = await alice.beckon.call(bob.user.uid);
    const [incoming] = await ringing(bob.beckon);
    await incoming!.decline('In a meeting');
    const aliceView = watch(await alice.beckon.callHandle(second.callId));
    await aliceView.updates.waitFor((u) => u.status === 'declined' && u.declineMessage === 'In a meeting', 'the decline and its message');
    await aliceView.stop();
  });

  it('in a group call, leave() leaves the others in; the caller’s hangUp() ends it for everyone', async () => {
    const [alice, bob, carol] = await Promise.all([user('Alice'), user('Bob'), user('Carol')]);
    const conversationId = await groupConversation([alice.user, bob.user, carol.user]);
    const call = await alice.beckon.call([bob.user.uid, carol.user.uid], { conversationId });
    const [forBob] = await ringing(bob.beckon);
    const [forCarol] = await ringing(carol.beckon);
    const bobIn = await forBob!.accept();
    const carolIn = await forCarol!.accept();
    const view = watch(call);
    await view.updates.waitFor((u) => u.participants.length === 3, 'three in the call');

    await bobIn.leave();
    const afterBob = await view.updates.waitFor((u) => u.participants.length === 2, 'Bob out, the others in');
    expect(afterBob).toMatchObject({ status: 'active', callees: { [bob.user.uid]: 'left', [carol.user.uid]: 'accepted' } });

    await call.hangUp();
    await view.updates.waitFor((u) => u.status === 'ended', 'the call over for everyone');
    await view.stop();
    await carolIn.leave(); // out already: nothing to do, no error
  });
});
