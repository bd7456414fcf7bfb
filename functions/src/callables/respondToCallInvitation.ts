import { callable } from '../callable.js';
import { type RespondToCallInvitationResponse, respondToCallInvitationRequestSchema } from '../contract/index.js';
import { applyCallAction } from '../handlers/call-lifecycle.js';
import { services } from '../services.js';

export const respondToCallInvitation = callable(
  'respondToCallInvitation',
  respondToCallInvitationRequestSchema,
  async (data, caller): Promise<RespondToCallInvitationResponse> => {
    const call = await applyCallAction(services(), data.invitationId, data.action, caller.uid);
    return data.action === 'accept' && call
      ? { status: 'accepted', roomId: call.roomId, conversationId: call.conversationId }
      : { status: 'declined' };
  },
);
