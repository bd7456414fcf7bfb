import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { callError, cancelCall, sendInvitation } from '../support/fixtures.js';
import { requireParams } from '../support/params.js';

// This boot's RING_TIMEOUT_SECONDS is not the default 45, so that the param is seen to apply, and
// its MAX_RING_SECONDS is below the absolute 180.
beforeAll(() => requireParams({ RING_TIMEOUT_SECONDS: '30', MAX_RING_SECONDS: '60' }));
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

  it('may not be asked longer than MAX_RING_SECONDS: invalid-argument naming the bound, and nothing is written', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const error = await callError(sendInvitation(caller, { calleeId: callee.uid, ringSeconds: 61 }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('ringSeconds: at most 60 s');
    expect(error.details).toMatchObject({ issues: [{ field: 'ringSeconds' }] });
    const written = await adminDb().collection('calls').where('callerId', '==', caller.uid).get();
    expect(written.size).toBe(0);

    const atTheBound = await sendInvitation(caller, { calleeId: callee.uid, ringSeconds: 60 });
    expect(atTheBound.expiresAt - atTheBound.systemMessage.createdAt).toBe(60_000);
    await cancelCall(caller, atTheBound.invitationId);
  });
});
