import { onDocumentCreated } from 'firebase-functions/firestore';
import { paths } from '../adapters/firestore/paths.js';
import { REGION, apnsKey } from '../config.js';

/** Fires for every new invitation, whatever the callee's presence. The APNs key is for iOS VoIP rings. */
export const deliverInvitationPush = onDocumentCreated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION, secrets: [apnsKey] },
  async (event) => {
    const [{ deliverInvitationPush: handle }, { services }] = await Promise.all([
      import('../handlers/deliver-invitation-push.js'),
      import('../services.js'),
    ]);
    const calleeId: unknown = event.data?.get('calleeId');
    await handle(services(), event.params.invitationId, typeof calleeId === 'string' ? calleeId : undefined);
  },
);
