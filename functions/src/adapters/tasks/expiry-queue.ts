import type { Functions } from 'firebase-admin/functions';
import type { ExpiryQueue } from '../../domain/call/expiry-queues.js';

/** Cloud Tasks task ids allow letters, digits, "-" and "_" only. */
const taskId = (invitationId: string) => `expire-${invitationId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Enqueues expiry tasks on the task-queue function of the invitation's queue (`functionFor`),
 * loading the client on first use.
 */
export function cloudTasksExpiryQueue(getFunctions: () => Promise<Functions>, functionFor: (invitationId: string) => string): ExpiryQueue {
  return {
    async schedule(task) {
      const queue = (await getFunctions()).taskQueue(functionFor(task.invitationId));
      try {
        await queue.enqueue(task, { scheduleTime: new Date(task.expiresAt), id: taskId(task.invitationId) });
      } catch (error) {
        // A second delivery of the creation trigger enqueues the same named task: already done.
        if ((error as { code?: string }).code === 'functions/task-already-exists') return;
        throw error;
      }
    },
  };
}
