import { onSchedule } from 'firebase-functions/scheduler';
import { REGION } from '../config.js';

/**
 * Once a minute, everyone whose app stopped its heartbeat for longer than the liveness timeout
 * leaves their call (reason `lost`): a crashed app frees its user, and the other party's call ends.
 * The Functions emulator never runs schedules; the launcher runs this handler in its place there.
 */
export const sweepSilentParticipants = onSchedule({ schedule: 'every 1 minutes', region: REGION }, async () => {
  const [{ sweepSilentParticipants: sweep }, { services }] = await Promise.all([
    import('../handlers/sweep-silent-participants.js'),
    import('../services.js'),
  ]);
  await sweep(services());
});
