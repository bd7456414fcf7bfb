import { onDocumentCreated } from 'firebase-functions/firestore';
import { paths } from '../adapters/firestore/paths.js';
import { REGION, apnsKey } from '../config.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/** Fires for every new invitation, whatever the callee's presence. The APNs key is for iOS VoIP rings. */
export const deliverInvitationPush = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION, secrets: [apnsKey], ...RETRIED },
  async (event) => {
    // `calleeId`, from the event, lets the devices be read while the lease is taken.
    const calleeId: unknown = event.data?.get('calleeId');
    const payload = { invitationId: event.params.invitationId, ...(typeof calleeId === 'string' ? { calleeId } : {}) };
    await handleEvent('deliverInvitationPush', payload, event);
  },
);
