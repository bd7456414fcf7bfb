import type { ExpiryQueue } from '../domain/call/expiry-queues.js';
import { logEvent } from '../logs.js';
import type { EventPayloads } from './event-handlers.js';

/** Schedules the ring timeout of a new ringing invitation. Safe to run again: the queue names each task by invitation. */
export async function scheduleInvitationExpiry(
  deps: { expiryQueue: ExpiryQueue },
  task: EventPayloads['scheduleInvitationExpiry'],
): Promise<void> {
  const { invitationId, callId, callerId, calleeId, expiresAt } = task;
  await deps.expiryQueue.schedule({ invitationId, callId, calleeId, expiresAt });
  logEvent('invitation.expiry.scheduled', { invitationId, callerId, calleeId, expiresAt });
}
