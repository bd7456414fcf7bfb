import type { Timestamp } from 'firebase-admin/firestore';
import { adminDb } from '../test/support/admin.js';
import { type Distribution, distribution } from './stats.js';

// The push and its floor, the leased chain, cut into their steps from the times their own
// documents carry: each document's commit time (the emulator's clock, this machine's), the times
// the functions wrote into them, and the bench's own start and "seen" times (epoch ms, the same
// clock). So the note can say which round trip costs what, rather than guess from the totals.

/** One measured round, in epoch ms: when the callable was started and when the listener saw the result. */
export interface TimedRound {
  id: string;
  startMs: number;
  seenMs: number;
}

export interface StepTimes {
  /** Step name -> its distribution over the rounds, in the order the steps happen. */
  push: Record<string, Distribution>;
  leasedChain: Record<string, Distribution>;
}

/** The steps, in order, each with the documents' fields it runs between. */
export const PUSH_STEPS = {
  commit: 'the callable runs and commits its batch (start -> invitation committed)',
  dispatch: 'the trigger is delivered and starts (-> the ring record claimedAt)',
  claim: 'the lease by create(), the invitation and the devices read beside it (-> attemptedAt)',
  build: 'the messages are built (-> the outbox sentAt)',
  send: 'the emulator transport commits its outbox batch (-> outbox committed)',
  seen: 'a listener sees it (-> the bench)',
} as const;

export const LEASED_STEPS = {
  commit: 'the callable commits its one write',
  dispatch: 'the trigger is delivered and starts',
  claim: 'the lease by create()',
  send: 'the write the listener watches commits',
  seen: 'a listener sees it',
} as const;

const ms = (t: Timestamp | undefined) => (t ? t.toMillis() : Number.NaN);

function distributions<Steps extends string>(rows: Record<Steps, number>[], steps: readonly Steps[]): Record<Steps, Distribution> {
  const usable = rows.filter((row) => steps.every((step) => Number.isFinite(row[step])));
  if (usable.length === 0) throw new Error('no round had every step timed');
  return Object.fromEntries(steps.map((step) => [step, distribution(usable.map((row) => row[step]))])) as Record<Steps, Distribution>;
}

/** Reads the documents of the measured rounds (after them, so the reads weigh on no round). */
export async function measurePushSteps(push: TimedRound[], leased: TimedRound[]): Promise<StepTimes> {
  const db = adminDb();
  const pushRows = await Promise.all(
    push.map(async ({ id, startMs, seenMs }) => {
      const [invitation, ring, outbox] = await Promise.all([
        db.doc(`callInvitations/${id}`).get(),
        db.doc(`callInvitations/${id}/deliveries/call_invitation`).get(),
        db.collection('pushOutbox').where('invitationId', '==', id).get(),
      ]);
      const first = outbox.docs
        .filter((doc) => doc.get('kind') === 'call_invitation')
        .sort((a, b) => ms(a.createTime) - ms(b.createTime))[0];
      const committed = ms(invitation.createTime);
      const claimedAt = ms(ring.get('claimedAt') as Timestamp | undefined);
      const attemptedAt = ms(ring.get('attemptedAt') as Timestamp | undefined);
      const sentAt = ms(first?.get('sentAt') as Timestamp | undefined);
      const outboxAt = ms(first?.createTime);
      return {
        commit: committed - startMs,
        dispatch: claimedAt - committed,
        claim: attemptedAt - claimedAt,
        build: sentAt - attemptedAt,
        send: outboxAt - sentAt,
        seen: seenMs - outboxAt,
      };
    }),
  );
  const leasedRows = await Promise.all(
    leased.map(async ({ id, startMs, seenMs }) => {
      const [persisted, lease, written] = await Promise.all([
        db.doc(`benchLeased/${id}`).get(),
        db.doc(`benchLeases/${id}`).get(),
        db.doc(`calls/bench-${id}`).get(),
      ]);
      const committed = ms(persisted.createTime);
      const triggeredAt = Number(lease.get('triggeredAtMs'));
      const leasedAt = ms(lease.createTime);
      const writtenAt = ms(written.createTime);
      return {
        commit: committed - startMs,
        dispatch: triggeredAt - committed,
        claim: leasedAt - triggeredAt,
        send: writtenAt - leasedAt,
        seen: seenMs - writtenAt,
      };
    }),
  );
  return {
    push: distributions(pushRows, Object.keys(PUSH_STEPS) as (keyof typeof PUSH_STEPS)[]),
    leasedChain: distributions(leasedRows, Object.keys(LEASED_STEPS) as (keyof typeof LEASED_STEPS)[]),
  };
}
