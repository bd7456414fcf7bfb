import { doc, onSnapshot } from 'firebase/firestore';
import { finalDelivery, finalDeliveryOf } from '../test/support/admin.js';
import type { AppUser } from '../test/support/client.js';
import { endCall, respond, sendInvitation } from '../test/support/fixtures.js';

export interface QuietListenerResults {
  /** Snapshots the caller's one-call listener received per call, on average. */
  callerSnapshotsPerCall: number;
  /** What the contract makes visible: ringing, receivedAt, accepted, ended. */
  expectedPerCall: number;
  calls: number;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How many snapshots the caller's listener on its call gets for a call that rings, is received,
 * is accepted and ends, with every push of the call sent and recorded in between. Each snapshot
 * is a wake-up of the caller's app (and a read billed to it); push bookkeeping must cause none.
 */
export async function measureCallerSnapshots(caller: AppUser, callee: AppUser, calls = 10): Promise<QuietListenerResults> {
  let total = 0;
  for (let i = 0; i < calls; i++) {
    const sent = await sendInvitation(caller, { calleeId: callee.uid });
    let snapshots = 0;
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    // The default listener: server snapshots that changed the document, as an app would listen.
    const stop = onSnapshot(doc(caller.db, 'callInvitations', sent.invitationId), () => {
      snapshots += 1;
      resolveReady();
    });
    await ready;
    await finalDelivery(sent.invitationId);
    await callee.call('acknowledgeCallInvitation', { invitationId: sent.invitationId, deviceId: 'bench-phone', source: 'push' });
    await respond(callee, sent.invitationId, 'accept', 'bench-phone');
    await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    await endCall(caller, sent.invitationId);
    await settle(500);
    stop();
    total += snapshots;
  }
  return { callerSnapshotsPerCall: Math.round((total / calls) * 100) / 100, expectedPerCall: 4, calls };
}
