import { callable } from '../callable.js';
import type { CancelCallInvitationResponse } from '../contract/index.js';

export const cancelCallInvitation = callable('cancelCallInvitation', async () => {
  const [{ invitationIdRequestSchema }, { applyCallAction }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-lifecycle.js'),
    import('../services.js'),
  ]);
  return {
    schema: invitationIdRequestSchema,
    async handle(data, caller): Promise<CancelCallInvitationResponse> {
      await applyCallAction(services(), data.invitationId, 'cancel', caller.uid);
      return { status: 'cancelled' };
    },
  };
});
