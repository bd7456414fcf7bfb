import { initializeApp } from 'firebase-admin/app';
import { Timestamp, getFirestore } from 'firebase-admin/firestore';
import { beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { resolvePushTransport } from '../../functions/src/adapters/push/choose-transport.js';
import { disabledTransport } from '../../functions/src/adapters/push/disabled-transport.js';
import { diagnoseCallInvitation } from '../../functions/src/handlers/diagnose-call-invitation.js';
import { deliverInvitationPush } from '../../functions/src/handlers/deliver-invitation-push.js';
import { clearFirestore } from '../support/emulators.js';
import { storeCall } from '../support/fixtures.js';

// PUSH_TRANSPORT=disabled, where its code decides: the param resolves to the disabled transport,
// and the push handler and the diagnosis run with it against the Firestore emulator. A project
// of its own, where no trigger runs, so the handler alone records the push (the emulator's own
// trigger would push through the emulator transport).
const PROJECT = 'demo-beckon-nopush';
const store = collections(getFirestore(initializeApp({ projectId: PROJECT }, 'push-disabled-test')));
const deps = { store, transport: () => disabledTransport, now: () => Date.now() };

beforeAll(() => clearFirestore(PROJECT));

async function ringingCall(invitationId: string) {
  const now = Timestamp.now();
  await Promise.all([
    storeCall(store, { invitationId, conversationId: `c-${invitationId}` }),
    store.device('bob', `phone-${invitationId}`).set({
      platform: 'android',
      fcmToken: `token-${invitationId}`,
      locale: 'en-US',
      appVersion: null,
      createdAt: now,
      updatedAt: now,
    }),
  ]);
}

describe('with push disabled', () => {
  it('is the transport PUSH_TRANSPORT=disabled chooses, wherever it runs', () => {
    expect(resolvePushTransport('disabled', { FUNCTIONS_EMULATOR: 'true' })).toBe('disabled');
    expect(resolvePushTransport(' Disabled ', {})).toBe('disabled');
    expect(disabledTransport.name).toBe('disabled');
  });

  it('records why nothing was pushed, and sends nothing', async () => {
    await ringingCall('nopush-1');
    const outcome = await deliverInvitationPush(deps, 'nopush-1', 'bob');
    expect(outcome.skipped).toBe(false);
    const delivery = (await store.delivery('nopush-1', 'call_invitation').get()).data();
    expect(delivery).toMatchObject({ state: 'disabled', transport: 'disabled', devices: [] });
    expect(delivery?.reason).toMatch(/PUSH_TRANSPORT/);
    expect((await store.pushOutbox().where('invitationId', '==', 'nopush-1').get()).size).toBe(0);
  });

  it('is named by the diagnosis as the failing link, with how to enable it', async () => {
    await ringingCall('nopush-2');
    await deliverInvitationPush(deps, 'nopush-2', 'bob');
    const report = await diagnoseCallInvitation({ ...deps, transportName: () => disabledTransport.name }, 'bob', 'nopush-2', 'en');
    const transport = report.checks.find((check) => check.id === 'push_transport');
    expect(transport).toMatchObject({ status: 'fail' });
    expect(transport?.advice).toContain('PUSH_TRANSPORT');
    expect(report.verdict).toMatch(/^The first failing link: Push transport/);
  });
});
