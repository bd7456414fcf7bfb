import { callable } from '../callable.js';
import { sendCallInvitationRequestSchema } from '../contract/index.js';
import { sendCallInvitation as handle } from '../handlers/send-call-invitation.js';
import { services } from '../services.js';

export const sendCallInvitation = callable('sendCallInvitation', sendCallInvitationRequestSchema, (data, caller) =>
  handle(services(), caller, data),
);
