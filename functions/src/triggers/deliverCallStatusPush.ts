import { onDocumentUpdated } from 'firebase-functions/firestore';
import { REGION } from '../callable.js';
import type { InvitationStatus } from '../contract/index.js';
import { paths } from '../adapters/firestore/collections.js';
import { deliverCallStatusPush as handle } from '../handlers/deliver-invitation-push.js';
import { services } from '../services.js';

/** Stops the ringing on every device of the callee when a call stops ringing, and tells of missed calls. */
export const deliverCallStatusPush = onDocumentUpdated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION },
  async (event) => {
    const before = event.data?.before.data()?.status as InvitationStatus | undefined;
    const after = event.data?.after.data()?.status as InvitationStatus | undefined;
    // Most updates are delivery records; only a change of status may push.
    if (!before || !after || before === after) return;
    await handle(services(), event.params.invitationId, before, after);
  },
);
