import { doc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { type AppUser, crashApp, deleteClientApps, signUp } from '../support/client.js';
import { groupConversation, invitationFor, respond, sendGroupCall, sendInvitation } from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import { requireParams } from '../support/params.js';

// The configured boot beats every 2 s and loses a participant after 20 s of silence; the launcher's
// stand-in for Cloud Scheduler runs the liveness sweep every 2 s (CONFIGURED_PARAMS).
const LIVENESS = { CALL_HEARTBEAT_SECONDS: '2', CALL_LIVENESS_TIMEOUT_SECONDS: '20', EMULATOR_SWEEP_SECONDS: '2', CALL_WAITING: 'true' };
const TIMEOUT_MS = 20_000;
const SWEEP_MS = 2_000;
beforeAll(() => requireParams(LIVENESS));
afterAll(deleteClientApps);

describe('a call whose app crashed frees its users (the liveness timeout)', () => {
  it(
    'a one-to-one call ends `lost` for the other party, and the crashed user is callable again within the timeout and a sweep; a group call goes on',
    { timeout: 120_000 },
    async () => {
      const [alice, bob, frank, carol, dave, erin] = (await Promise.all(
        ['Alice', 'Bob', 'Frank', 'Carol', 'Dave', 'Erin'].map((name) => signUp(name)),
      )) as [AppUser, AppUser, AppUser, AppUser, AppUser, AppUser];

      // Alice calls Bob; Carol calls Dave and Erin. Every app answers through the client library,
      // which beats for the call it is in.
      const direct = await sendInvitation(alice, { calleeId: bob.uid, callType: 'video' });
      const conversationId = await groupConversation([carol, dave, erin]);
      const group = await sendGroupCall(carol, { calleeIds: [dave.uid, erin.uid], conversationId, callType: 'audio' });
      const aliceScreen = listen(doc(alice.db, 'calls', direct.callId));
      const groupScreen = listen(doc(carol.db, 'calls', group.callId));
      await Promise.all([aliceScreen.ready, groupScreen.ready]);
      await Promise.all([
        respond(bob, direct.invitationId, 'accept'),
        respond(dave, invitationFor(group, dave), 'accept'),
        respond(erin, invitationFor(group, erin), 'accept'),
      ]);
      await aliceScreen.waitFor((s) => s.data()?.status === 'active', 'the call to start');

      // While alive, Bob is busy: a call to him rings as a waiting call (call waiting is on here).
      const whileAlive = await sendInvitation(frank, { calleeId: bob.uid, callType: 'audio' });
      expect((await adminDb().doc(`callInvitations/${whileAlive.invitationId}`).get()).data()?.callWaiting).toBe(true);
      await frank.beckon.cancelCall(whileAlive.callId);

      const crashedAt = Date.now();
      await Promise.all([crashApp(bob), crashApp(erin)]);

      const ended = await aliceScreen.waitFor((s) => s.data()?.status === 'ended', 'Alice to see the call end', TIMEOUT_MS + 30_000);
      const endedAfterMs = Date.now() - crashedAt;
      expect(ended.data()).toMatchObject({ status: 'ended', endedReason: 'lost', lostIds: [bob.uid], callees: { [bob.uid]: 'left' } });
      // Lost at his last heartbeat plus the timeout (his last beat came at most one interval before
      // the crash), found by the next sweep; the slack is this machine's load.
      expect(endedAfterMs).toBeGreaterThan(TIMEOUT_MS - 2_000 - 1_000);
      expect(endedAfterMs).toBeLessThan(TIMEOUT_MS + SWEEP_MS + 10_000);
      console.log(
        `[liveness] crash to "lost" on the other party's screen: ${endedAfterMs} ms (timeout ${TIMEOUT_MS} ms, sweep every ${SWEEP_MS} ms)`,
      );

      // Bob is callable again: Frank's call rings him as an ordinary call, not a waiting one.
      const again = await sendInvitation(frank, { calleeId: bob.uid, callType: 'audio' });
      expect(again.status).toBe('ringing');
      expect((await adminDb().doc(`callInvitations/${again.invitationId}`).get()).data()?.callWaiting).toBeUndefined();
      // Alice is free too: her entry is gone, and the history line says why the call ended.
      expect((await adminDb().doc(`activeCalls/${alice.uid}`).get()).exists).toBe(false);
      expect((await adminDb().doc(`activeCalls/${bob.uid}`).get()).exists).toBe(false);
      const line = await adminDb().doc(`conversations/${direct.conversationId}/messages/${direct.systemMessage.id}`).get();
      expect(line.data()).toMatchObject({
        callInvitation: { status: 'ended' },
        call: { status: 'ended', endedReason: 'lost', lostIds: [bob.uid] },
      });

      // The group call goes on without Erin: Carol and Dave kept beating well past the timeout.
      const groupNow = await groupScreen.waitFor((s) => (s.data()?.lostIds ?? []).includes(erin.uid), 'Erin to be lost', 30_000);
      expect(groupNow.data()).toMatchObject({
        status: 'active',
        callerState: 'in',
        callees: { [dave.uid]: 'accepted', [erin.uid]: 'left' },
      });
      const carolEntry = (await adminDb().doc(`activeCalls/${carol.uid}`).get()).data();
      expect(carolEntry?.aliveAt.toMillis()).toBeGreaterThan(carolEntry?.since.toMillis() + TIMEOUT_MS / 2);
      expect(
        (
          await adminDb()
            .doc(`callInvitations/${invitationFor(group, erin)}`)
            .get()
        ).data()?.status,
      ).toBe('ended');
      aliceScreen.stop();
      groupScreen.stop();
    },
  );
});
