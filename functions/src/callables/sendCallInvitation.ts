import { callable } from '../callable.js';

export const sendCallInvitation = callable('sendCallInvitation', async () => {
  const [{ sendCallInvitationRequestSchema }, { sendCallInvitation: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/send-call-invitation.js'),
    import('../services.js'),
  ]);
  return { schema: sendCallInvitationRequestSchema, handle: (data, caller) => handle(services(), caller, data) };
});
