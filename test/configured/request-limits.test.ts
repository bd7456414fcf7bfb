import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitedCallables } from '../../functions/src/domain/users/request-limit.js';
import { adminDb } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError } from '../support/fixtures.js';
import { requireParams } from '../support/params.js';

// Issue 29: one signed-in user repeating a callable at will cost the operator thousands of reads a
// minute. This boot's per-user limits are 5 a minute each, so that each is reached in a few requests.
const LIMIT = 5;
beforeAll(() => requireParams({ RATE_LIMIT_JOINS_PER_MINUTE: String(LIMIT), RATE_LIMIT_CALL_ENDS_PER_MINUTE: String(LIMIT) }));
afterAll(deleteClientApps);

/** A request each callable's schema takes, about a call or an invitation that does not exist: answered not-found, and counted. */
const VALID: Record<(typeof limitedCallables)[number], Record<string, unknown>> = {
  respondToCallInvitation: { invitationId: 'no-such-invitation', action: 'accept' },
  joinCall: { callId: 'no-such-call' },
  getMediaCredentials: { callId: 'no-such-call' },
  registerDevice: { deviceId: 'phone', platform: 'android', fcmToken: 'token-1' },
  acknowledgeCallInvitation: { invitationId: 'no-such-invitation', deviceId: 'phone' },
  endCall: { callId: 'no-such-call' },
};

describe('per-user limits on the callables a user can repeat', () => {
  it.concurrent.each(limitedCallables)(
    '%s: past its limit a minute, resource-exhausted with details.retryAfterSeconds, and nothing written',
    async (name) => {
      const user = await signUp();
      const answers: string[] = [];
      for (let i = 0; i < LIMIT; i++) {
        answers.push(
          await user.call(name, VALID[name]).then(
            () => 'ok',
            (error: { code: string }) => error.code,
          ),
        );
      }
      expect(answers).not.toContain('functions/resource-exhausted');

      const refused = await callError(user.call(name, VALID[name]));
      expect(refused.code).toBe('resource-exhausted');
      expect(refused.message).toContain(`at most ${LIMIT} requests a minute`);
      const { retryAfterSeconds } = refused.details as { retryAfterSeconds: number };
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(retryAfterSeconds).toBeLessThanOrEqual(60);
      // Refused before any work: its count stayed at the limit, and (registerDevice) no device is written again.
      expect((await adminDb().doc(`requestLimits/${user.uid}`).get()).data()?.counts).toEqual({ [name]: LIMIT });
      // Each callable has its own count: another one still answers.
      const other = name === 'endCall' ? 'joinCall' : 'endCall';
      expect((await callError(user.call(other, VALID[other]))).code).toBe('not-found');
    },
  );
});
