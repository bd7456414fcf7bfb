import { callable } from '../callable.js';
import { type CancelCallInvitationResponse, invitationIdRequestSchema } from '../contract/index.js';
import { applyCallAction } from '../handlers/call-lifecycle.js';
import { services } from '../services.js';

export const cancelCallInvitation = callable(
  'cancelCallInvitation',
  invitationIdRequestSchema,
  async (data, caller): Promise<CancelCallInvitationResponse> => {
    await applyCallAction(services(), data.invitationId, 'cancel', caller.uid);
    return { status: 'cancelled' };
  },
);
