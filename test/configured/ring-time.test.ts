import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteClientApps, signUp } from '../support/client.js';
import { cancelCall, sendInvitation } from '../support/fixtures.js';
import { requireParams } from '../support/params.js';

// This boot's RING_TIMEOUT_SECONDS is not the default 45, so that the param is seen to apply.
beforeAll(() => requireParams({ RING_TIMEOUT_SECONDS: '30' }));
afterAll(deleteClientApps);

describe('how long a call rings', () => {
  it('is the RING_TIMEOUT_SECONDS param, unless the call asks for its own ringSeconds', async () => {
    const [caller, callee, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const byParam = await sendInvitation(caller, { calleeId: callee.uid });
    const byCall = await sendInvitation(caller, { calleeId: other.uid, ringSeconds: 7 });
    expect(byParam.expiresAt - byParam.systemMessage.createdAt).toBe(30_000);
    expect(byCall.expiresAt - byCall.systemMessage.createdAt).toBe(7_000);
    // Nothing left ringing: a ringing call's expiry task holds one of the emulator's few slots.
    await Promise.all([cancelCall(caller, byParam.invitationId), cancelCall(caller, byCall.invitationId)]);
  });
});
