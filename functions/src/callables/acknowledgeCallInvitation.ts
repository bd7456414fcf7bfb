import { callable } from '../callable.js';

export const acknowledgeCallInvitation = callable('acknowledgeCallInvitation', async () => {
  const [{ acknowledgeCallInvitationRequestSchema }, { acknowledgeCallInvitation: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/acknowledge-call-invitation.js'),
    import('../services.js'),
  ]);
  return { schema: acknowledgeCallInvitationRequestSchema, handle: (data, caller) => handle(services(), caller.uid, data) };
});
