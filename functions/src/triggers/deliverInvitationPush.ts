import { onDocumentCreated } from 'firebase-functions/firestore';
import { REGION } from '../callable.js';
import { paths } from '../adapters/firestore/paths.js';

/** Fires for every new invitation, whatever the callee's presence. */
export const deliverInvitationPush = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION },
  async (event) => {
    const [{ deliverInvitationPush: handle }, { services }] = await Promise.all([
      import('../handlers/deliver-invitation-push.js'),
      import('../services.js'),
    ]);
    await handle(services(), event.params.invitationId);
  },
);
