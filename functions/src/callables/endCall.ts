import { callable } from '../callable.js';
import { type EndCallResponse, invitationIdRequestSchema } from '../contract/index.js';
import { applyCallAction } from '../handlers/call-lifecycle.js';
import { services } from '../services.js';

export const endCall = callable('endCall', invitationIdRequestSchema, async (data, caller): Promise<EndCallResponse> => {
  await applyCallAction(services(), data.invitationId, 'end', caller.uid);
  return { status: 'ended' };
});
