import { sweepShardOf } from './sweep-shard.js';

/** The payload of an expiry task. */
export interface ExpiryTask {
  invitationId: string;
  /** The invitation's call and callee: the ring timeout is an event of the call. */
  callId: string;
  calleeId: string;
  /** epoch ms */
  expiresAt: number;
}

/** The port ring timeouts are scheduled through; adapters/tasks/expiry-queue.ts is Cloud Tasks' side of it. */
export interface ExpiryQueue {
  /** Schedules the task at `expiresAt`; enqueuing the same invitation twice is harmless. */
  schedule(task: ExpiryTask): Promise<void>;
}

/**
 * Expiry tasks are spread over this many Cloud Tasks queues, one task-queue function each. A
 * queue dispatches at most 500 tasks a second, and every invitation has a task that falls due at
 * its `expiresAt`: four queues carry the 2,000 invitations a second of a peak (BENCHMARKS.md).
 */
export const EXPIRY_QUEUES = 4;

/** The queue of an invitation's task: stable, so a second enqueue of one task meets the first. */
export const expiryQueueOf = (invitationId: string): number => sweepShardOf(invitationId) % EXPIRY_QUEUES;

/** The task-queue function of a queue; the first keeps the name it had before there were several. */
export const expiryFunctionName = (queue: number): string => (queue === 0 ? 'expireCallInvitation' : `expireCallInvitation${queue}`);
