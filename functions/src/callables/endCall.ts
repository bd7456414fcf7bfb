import { callable } from '../callable.js';
import type { EndCallResponse } from '../contract/index.js';

export const endCall = callable('endCall', async () => {
  const [{ invitationIdRequestSchema }, { applyCallAction }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-lifecycle.js'),
    import('../services.js'),
  ]);
  return {
    schema: invitationIdRequestSchema,
    async handle(data, caller): Promise<EndCallResponse> {
      await applyCallAction(services(), data.invitationId, 'end', caller.uid);
      return { status: 'ended' };
    },
  };
});
