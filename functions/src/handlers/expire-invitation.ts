import { Timestamp } from 'firebase-admin/firestore';
import type { ExpiryTask } from '../domain/call/expiry-queues.js';
import { SWEEP_SHARDS } from '../domain/call/sweep-shard.js';
import { logEvent } from '../logs.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

/**
 * Cloud Tasks delivers the task at its schedule time. The Functions emulator ignores schedule
 * times and delivers at once, so a task that comes early is refused and the queue retries it a
 * second or two later. It never waits inside the function: the emulator gives each running
 * invocation a worker process of its own, and waiting ones starve everything else.
 */
export class NotDueYet extends Error {
  constructor(readonly dueInMs: number) {
    super(`not due for another ${dueInMs} ms`);
    this.name = 'NotDueYet';
  }
}

export type ExpireDeps = CallEventDeps;

/** Marks a callee's ring missed once its time is up; does nothing to any other. */
export async function expireInvitation(deps: ExpireDeps, task: ExpiryTask): Promise<void> {
  const dueInMs = task.expiresAt - deps.now();
  if (dueInMs > 0) {
    // Only where tasks come early (the emulator): a call that is already over needs no more retries.
    const current = (await deps.store.invitation(task.invitationId).get()).data();
    if (current?.status !== 'ringing') return;
    logEvent('invitation.expiry.not_due', { invitationId: task.invitationId, dueInMs });
    throw new NotDueYet(dueInMs);
  }
  await runCallEvent(deps, { callId: task.callId }, { kind: 'ring_timeout', calleeId: task.calleeId });
}

/**
 * The backstop for an expiry task that was never enqueued: every overdue ringing invitation
 * becomes missed. One query per range of the index (see sweep-shard.ts), at most `limit` each.
 */
export async function sweepExpiredInvitations(deps: ExpireDeps, graceMs = 5_000, limit = 200): Promise<number> {
  const cutoff = Timestamp.fromMillis(deps.now() - graceMs);
  const shards = Array.from({ length: SWEEP_SHARDS }, (_, shard) =>
    deps.store
      .invitations()
      .where('sweepShard', '==', shard)
      .where('status', '==', 'ringing')
      .where('expiresAt', '<', cutoff)
      .orderBy('expiresAt')
      .limit(limit)
      .get(),
  );
  const overdue = (await Promise.all(shards)).flatMap((snapshot) => snapshot.docs);
  await Promise.all(
    overdue.map((doc) => runCallEvent(deps, { callId: doc.data().callId }, { kind: 'ring_timeout', calleeId: doc.data().calleeId })),
  );
  logEvent('invitation.sweep', { missed: overdue.length });
  return overdue.length;
}
