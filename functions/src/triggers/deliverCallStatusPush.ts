import { onDocumentUpdated } from 'firebase-functions/firestore';
import { REGION } from '../config.js';
import type { InvitationStatus } from '../contract/index.js';
import { paths } from '../adapters/firestore/paths.js';

/** Stops the ringing on every device of the callee when a call stops ringing, and tells of missed calls. */
export const deliverCallStatusPush = onDocumentUpdated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION },
  async (event) => {
    const before = event.data?.before.data()?.status as InvitationStatus | undefined;
    const after = event.data?.after.data()?.status as InvitationStatus | undefined;
    // Most updates are delivery records; only a change of status may push.
    if (!before || !after || before === after) return;
    const [{ deliverCallStatusPush: handle }, { services }] = await Promise.all([
      import('../handlers/deliver-invitation-push.js'),
      import('../services.js'),
    ]);
    await handle(services(), event.params.invitationId, before, after);
  },
);
