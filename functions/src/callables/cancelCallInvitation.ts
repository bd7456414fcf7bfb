import { callable } from '../callable.js';
import type { CancelCallInvitationResponse } from '../contract/index.js';

export const cancelCallInvitation = callable('cancelCallInvitation', async () => {
  const [{ cancelCallInvitationRequestSchema }, { applyCallAction }, { cancelWholeCall }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-lifecycle.js'),
    import('../handlers/call-actions.js'),
    import('../services.js'),
  ]);
  return {
    schema: cancelCallInvitationRequestSchema,
    async handle(data, caller): Promise<CancelCallInvitationResponse> {
      if (data.callId !== undefined) return cancelWholeCall(services(), data.callId, caller.uid);
      await applyCallAction(services(), data.invitationId as string, 'cancel', caller.uid);
      return { status: 'cancelled' };
    },
  };
});
