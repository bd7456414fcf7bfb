import { onDocumentCreated } from 'firebase-functions/firestore';
import { REGION } from '../config.js';
import { paths } from '../adapters/firestore/paths.js';
import { logEvent } from '../logs.js';

/** Off the caller's path: schedules the ring timeout of every new ringing invitation. */
export const scheduleInvitationExpiry = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION },
  async (event) => {
    const data = event.data?.data();
    if (!data || data.status !== 'ringing') return;
    const invitationId = event.params.invitationId;
    const expiresAt = (data.expiresAt as { toMillis(): number }).toMillis();
    const { services } = await import('../services.js');
    await services().expiryQueue.schedule({ invitationId, callId: data.callId as string, calleeId: data.calleeId as string, expiresAt });
    logEvent('invitation.expiry.scheduled', { invitationId, callerId: data.callerId, calleeId: data.calleeId, expiresAt });
  },
);
