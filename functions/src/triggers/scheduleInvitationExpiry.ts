import { onDocumentCreated } from 'firebase-functions/firestore';
import { REGION } from '../config.js';
import { paths } from '../adapters/firestore/paths.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/** Off the caller's path: schedules the ring timeout of every new ringing invitation. */
export const scheduleInvitationExpiry = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION, ...RETRIED },
  async (event) => {
    const data = event.data?.data();
    if (!data || data.status !== 'ringing') return;
    // A malformed invitation is acknowledged: a retry would read the same document.
    const expiresAt: unknown = (data.expiresAt as { toMillis?(): number } | undefined)?.toMillis?.();
    if (typeof expiresAt !== 'number') return;
    const payload = {
      invitationId: event.params.invitationId,
      callId: String(data.callId),
      callerId: String(data.callerId),
      calleeId: String(data.calleeId),
      expiresAt,
    };
    await handleEvent('scheduleInvitationExpiry', payload, event);
  },
);
