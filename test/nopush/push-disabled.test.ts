import { collection, getDocs, orderBy, query } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalDelivery, outboxFor } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import type { DiagnoseCallInvitationResponse } from '../../functions/src/contract/index.js';
import { registerDevice, sendInvitation } from '../support/fixtures.js';

// These run against emulators started with PUSH_TRANSPORT=disabled and RING_TIMEOUT_SECONDS=5
// (the second run of `npm test`); the params of a Functions emulator are fixed when it starts.
beforeAll(() => {
  if (process.env.PUSH_TRANSPORT !== 'disabled' || process.env.RING_TIMEOUT_SECONDS !== '5') {
    throw new Error('the nopush tests need PUSH_TRANSPORT=disabled RING_TIMEOUT_SECONDS=5: run them with `npm test`');
  }
});
afterAll(deleteClientApps);

describe('with push disabled', () => {
  it('still persists the invitation and confirms the caller, and records why nothing was pushed', async () => {
    const [caller, callee] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    await registerDevice(callee, { platform: 'android' });

    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect(sent.status).toBe('ringing');

    const delivery = await finalDelivery(sent.invitationId);
    expect(delivery).toMatchObject({ state: 'disabled', transport: 'disabled', devices: [] });
    expect(delivery.reason).toMatch(/PUSH_TRANSPORT/);
    expect(await outboxFor(sent.invitationId)).toHaveLength(0);

    const history = await getDocs(query(collection(callee.db, 'conversations', sent.conversationId, 'messages'), orderBy('createdAt')));
    expect(history.docs.map((d) => d.id)).toEqual([sent.systemMessage.id]);
  });
});

describe('the RING_TIMEOUT_SECONDS param', () => {
  it('sets expiresAt to the send time plus the configured timeout', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    expect(sent.expiresAt - sent.systemMessage.createdAt).toBe(5_000);
  });
});

describe('diagnosing a call with push disabled', () => {
  it('names the transport as the failing link and says how to enable it', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { platform: 'ios' });
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    await finalDelivery(sent.invitationId);
    const report = await caller.call<DiagnoseCallInvitationResponse>('diagnoseCallInvitation', { invitationId: sent.invitationId });
    const transport = report.checks.find((check) => check.id === 'push_transport');
    expect(transport).toMatchObject({ status: 'fail' });
    expect(transport?.advice).toContain('PUSH_TRANSPORT');
    expect(report.verdict).toMatch(/^The first failing link: Push transport/);
  });
});
