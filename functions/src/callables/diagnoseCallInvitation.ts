import { callable } from '../callable.js';

export const diagnoseCallInvitation = callable('diagnoseCallInvitation', async () => {
  const [{ diagnoseCallInvitationRequestSchema }, { diagnoseCallInvitation: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/diagnose-call-invitation.js'),
    import('../services.js'),
  ]);
  return {
    schema: diagnoseCallInvitationRequestSchema,
    handle: (data, caller) =>
      handle({ ...services(), transportName: () => services().transport().name }, caller.uid, data.invitationId, data.lang),
  };
});
