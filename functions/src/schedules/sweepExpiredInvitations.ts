import { onSchedule } from 'firebase-functions/scheduler';
import { REGION } from '../config.js';

/** Backstop for a lost expiry task: once a minute, overdue ringing invitations become missed. */
export const sweepExpiredInvitations = onSchedule({ schedule: 'every 1 minutes', region: REGION }, async () => {
  const [{ sweepExpiredInvitations: sweep }, { services }] = await Promise.all([
    import('../handlers/expire-invitation.js'),
    import('../services.js'),
  ]);
  await sweep(services());
});
