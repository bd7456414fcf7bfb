import { callable } from '../callable.js';
import type { RespondToCallInvitationResponse } from '../contract/index.js';

export const respondToCallInvitation = callable('respondToCallInvitation', async () => {
  const [{ respondToCallInvitationRequestSchema }, { readInvitationTarget }, { runCallEvent }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../adapters/firestore/call-reads.js'),
    import('../handlers/call-events.js'),
    import('../services.js'),
  ]);
  return {
    schema: respondToCallInvitationRequestSchema,
    async handle({ invitationId, action, deviceId }, caller): Promise<RespondToCallInvitationResponse> {
      const deps = services();
      const target = await readInvitationTarget(deps.store, invitationId);
      const { calleeId } = target;
      const event = action === 'accept' ? { kind: action, by: caller.uid, calleeId, deviceId } : { kind: action, by: caller.uid, calleeId };
      const call = await runCallEvent(deps, target, event);
      return action === 'accept'
        ? { status: 'accepted', roomId: call.roomId, conversationId: call.conversationId }
        : { status: 'declined' };
    },
  };
});
