import { callable } from '../callable.js';
import type { RespondToCallInvitationResponse } from '../contract/index.js';

export const respondToCallInvitation = callable('respondToCallInvitation', async () => {
  const [{ respondToCallInvitationRequestSchema }, { applyCallAction }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-lifecycle.js'),
    import('../services.js'),
  ]);
  return {
    schema: respondToCallInvitationRequestSchema,
    async handle(data, caller): Promise<RespondToCallInvitationResponse> {
      const call = await applyCallAction(services(), data.invitationId, data.action, caller.uid, data.deviceId);
      return data.action === 'accept' && call
        ? { status: 'accepted', roomId: call.roomId, conversationId: call.conversationId }
        : { status: 'declined' };
    },
  };
});
