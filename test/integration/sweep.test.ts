import { initializeApp } from 'firebase-admin/app';
import { Timestamp, getFirestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { sweepExpiredInvitations } from '../../functions/src/handlers/expire-invitation.js';
import { runCallEvent } from '../../functions/src/handlers/call-events.js';
import { sweepSilentParticipants } from '../../functions/src/handlers/sweep-silent-participants.js';
import { clearFirestore } from '../support/emulators.js';
import { defaultLiveness, storeCall } from '../support/fixtures.js';

// A project of its own, where no trigger or task runs, so the sweep alone decides (the Functions
// emulator never runs the every-minute schedule that calls it when deployed).
const PROJECT = 'demo-beckon-sweep';
const store = collections(getFirestore(initializeApp({ projectId: PROJECT }, 'sweep-test')));

async function storeRinging(id: string, createdAt: number, ringTimeoutMs: number) {
  await storeCall(store, { invitationId: id, conversationId: `c-${id}`, nowMs: createdAt, ringTimeoutMs });
}

describe('sweepExpiredInvitations, the backstop for a lost expiry task', () => {
  it('marks overdue ringing calls missed, and leaves calls still ringing or within the grace period', async () => {
    await clearFirestore(PROJECT);
    const now = Date.now();
    await storeRinging('overdue-1', now - 120_000, 45_000);
    await storeRinging('overdue-2', now - 60_000, 45_000);
    await storeRinging('in-grace', now - 47_000, 45_000);
    await storeRinging('ringing', now - 1_000, 45_000);

    const missed = await sweepExpiredInvitations({ store, now: () => now, liveness: defaultLiveness });

    expect(missed).toBe(2);
    const statuses = Object.fromEntries(
      await Promise.all(
        ['overdue-1', 'overdue-2', 'in-grace', 'ringing'].map(async (id) => [id, (await store.invitation(id).get()).data()?.status]),
      ),
    );
    expect(statuses).toEqual({ 'overdue-1': 'missed', 'overdue-2': 'missed', 'in-grace': 'ringing', ringing: 'ringing' });
    expect((await store.messages('c-overdue-1').doc('m-overdue-1').get()).data()?.callInvitation?.status).toBe('missed');
    expect(await sweepExpiredInvitations({ store, now: () => now, liveness: defaultLiveness })).toBe(0);
  });
});

describe('sweepSilentParticipants: a call past MAX_CALL_MINUTES ends', () => {
  it('ends an active call whose time is up (time_limit), clears its entries, and leaves a younger call alone', async () => {
    const now = Date.now();
    const maxCallMs = 240 * 60_000;
    const deps = (at: number) => ({ store, now: () => at, liveness: defaultLiveness });
    // Two calls, accepted 4 h 1 min and 3 h ago, each with heartbeats up to now.
    for (const [id, startedAt] of [
      ['overlong', now - maxCallMs - 60_000],
      ['younger', now - 3 * 3_600_000],
    ] as const) {
      await storeCall(store, {
        invitationId: id,
        callerId: `alice-${id}`,
        calleeId: `bob-${id}`,
        conversationId: `c-${id}`,
        nowMs: startedAt - 5_000,
      });
      await runCallEvent(deps(startedAt), { callId: id, invitationId: id }, { kind: 'accept', by: `bob-${id}`, calleeId: `bob-${id}` });
      for (const uid of [`alice-${id}`, `bob-${id}`]) await store.activeCall(uid).update({ aliveAt: Timestamp.fromMillis(now) });
    }

    await sweepSilentParticipants({ ...deps(now), maxCallMs: () => maxCallMs });

    expect((await store.call('overlong').get()).data()).toMatchObject({ status: 'ended', endedReason: 'time_limit' });
    expect((await store.invitation('overlong').get()).data()?.status).toBe('ended');
    expect((await store.activeCall('alice-overlong').get()).exists).toBe(false);
    expect((await store.activeCall('bob-overlong').get()).exists).toBe(false);
    expect((await store.call('younger').get()).data()?.status).toBe('active');
    expect((await store.activeCall('bob-younger').get()).exists).toBe(true);
  });
});
