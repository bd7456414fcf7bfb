import { onDocumentCreated } from 'firebase-functions/firestore';
import { REGION } from '../callable.js';
import { paths } from '../adapters/firestore/collections.js';
import { deliverInvitationPush as handle } from '../handlers/deliver-invitation-push.js';
import { services } from '../services.js';

/** Fires for every new invitation, whatever the callee's presence. */
export const deliverInvitationPush = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION },
  async (event) => {
    await handle(services(), event.params.invitationId);
  },
);
