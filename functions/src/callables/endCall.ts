import { callable } from '../callable.js';
import type { EndCallResponse } from '../contract/index.js';

export const endCall = callable('endCall', async () => {
  const [{ endCallRequestSchema }, { readInvitationTarget }, { runCallEvent }, { isGroupCall }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../adapters/firestore/call-reads.js'),
    import('../handlers/call-events.js'),
    import('../domain/call/call.js'),
    import('../services.js'),
  ]);
  return {
    schema: endCallRequestSchema,
    async handle(data, caller): Promise<EndCallResponse> {
      const deps = services();
      const callId = data.callId ?? (await readInvitationTarget(deps.store, data.invitationId as string)).callId;
      const { call } = await runCallEvent(deps, { callId }, { kind: 'leave', by: caller.uid, forEveryone: data.forEveryone ?? false });
      // A one-to-one call answers as it always did; a group call says whether it goes on without you.
      return isGroupCall(call) ? { status: 'ended', callStatus: call.status === 'active' ? 'active' : 'ended' } : { status: 'ended' };
    },
  };
});
