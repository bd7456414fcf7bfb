import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { sweepExpiredInvitations } from '../../functions/src/handlers/expire-invitation.js';
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
