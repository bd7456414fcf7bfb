import { onDocumentUpdated } from 'firebase-functions/firestore';
import { REGION } from '../config.js';
import type { InvitationStatus } from '../contract/index.js';
import { paths } from '../adapters/firestore/paths.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/** Stops the ringing on every device of the callee when a call stops ringing, and tells of missed calls. */
export const deliverCallStatusPush = onDocumentUpdated(
  { document: `${paths.callInvitations}/{invitationId}`, region: REGION, ...RETRIED },
  async (event) => {
    const before = event.data?.before.data()?.status as InvitationStatus | undefined;
    const after = event.data?.after.data()?.status as InvitationStatus | undefined;
    // Most updates are delivery records; only a change of status may push.
    if (!before || !after || before === after) return;
    const calleeId: unknown = event.data?.after.get('calleeId');
    const payload = { invitationId: event.params.invitationId, ...(typeof calleeId === 'string' ? { calleeId } : {}), before, after };
    await handleEvent('deliverCallStatusPush', payload, event);
  },
);
