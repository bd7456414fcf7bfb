import { HttpsError } from 'firebase-functions/https';
import { onTaskDispatched } from 'firebase-functions/tasks';
import { REGION, expiryMaxConcurrentDispatches } from '../config.js';
import type { ExpiryTask } from '../domain/call/expiry-queues.js';

/**
 * Runs at an invitation's `expiresAt` and marks its ring missed if it is still ringing. One function
 * per expiry queue (domain/call/expiry-queues.ts), all alike: the queues only share out the dispatches.
 */
function expiryTaskFunction() {
  return onTaskDispatched<ExpiryTask>(
    {
      region: REGION,
      // Deployed, a task runs once at expiresAt and retries only if Firestore fails. In the emulator,
      // which runs tasks at once, these retries are the clock: one every second or two until due.
      retryConfig: { maxAttempts: 200, minBackoffSeconds: 1, maxBackoffSeconds: 2, maxDoublings: 1 },
      // Deployed: 500 a second is a queue's ceiling. The emulator holds a slot for a task's whole
      // retry life, so there the launcher lowers the concurrency to cap its early-retry load.
      rateLimits: { maxConcurrentDispatches: expiryMaxConcurrentDispatches, maxDispatchesPerSecond: 500 },
    },
    async (request) => {
      const [{ NotDueYet, expireInvitation }, { services }, { isRetryableError }, { logFailure }] = await Promise.all([
        import('../handlers/expire-invitation.js'),
        import('../services.js'),
        import('../domain/errors/retryable-error.js'),
        import('../logs.js'),
      ]);
      try {
        await expireInvitation(services(), request.data);
      } catch (error) {
        if (error instanceof NotDueYet) throw new HttpsError('unavailable', error.message);
        if (isRetryableError(error)) throw error;
        // A permanent failure (the invitation or its message is gone) would fail the same way for
        // minutes of retries: log it once and let the task end. The sweep remains the backstop.
        logFailure('invitation.expiry.failed', error, { invitationId: request.data.invitationId });
      }
    },
  );
}

// One export per queue of EXPIRY_QUEUES, named by expiryFunctionName.
export const expireCallInvitation = expiryTaskFunction();
export const expireCallInvitation1 = expiryTaskFunction();
export const expireCallInvitation2 = expiryTaskFunction();
export const expireCallInvitation3 = expiryTaskFunction();
