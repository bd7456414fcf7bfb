import { callable } from '../callable.js';
import type { EndCallResponse } from '../contract/index.js';

export const endCall = callable('endCall', async () => {
  const [{ endCallRequestSchema }, { applyCallAction }, { callIdOf, leaveCall }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-lifecycle.js'),
    import('../handlers/call-actions.js'),
    import('../services.js'),
  ]);
  return {
    schema: endCallRequestSchema,
    async handle(data, caller): Promise<EndCallResponse> {
      const deps = services();
      const callId = data.callId ?? (await callIdOf(deps, data.invitationId as string));
      if (callId !== undefined) return leaveCall(deps, callId, caller.uid, data.forEveryone ?? false);
      // An invitation stored before calls existed is the whole call.
      await applyCallAction(deps, data.invitationId as string, 'end', caller.uid);
      return { status: 'ended' };
    },
  };
});
