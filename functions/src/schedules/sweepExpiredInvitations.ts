import { onSchedule } from 'firebase-functions/scheduler';
import { REGION } from '../callable.js';
import { sweepExpiredInvitations as sweep } from '../handlers/expire-invitation.js';
import { services } from '../services.js';

/** Backstop for a lost expiry task: once a minute, overdue ringing invitations become missed. */
export const sweepExpiredInvitations = onSchedule({ schedule: 'every 1 minutes', region: REGION }, async () => {
  await sweep(services());
});
