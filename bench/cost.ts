import { adminDb, finalDelivery, finalDeliveryOf } from '../test/support/admin.js';
import { signUp } from '../test/support/client.js';
import { endCall, registerDevice, respond, sendInvitation } from '../test/support/fixtures.js';

type Totals = Record<string, { reads: number; writes: number }>;

/** The emulator-only retries of early expiry tasks (every expiry queue's function) are not a cost of the deployed design. */
const isEmulatorOnly = (name: string) => name.startsWith('expireCallInvitation');

export async function totals(): Promise<Totals> {
  // The op counter flushes 100 ms after a function goes quiet.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const snapshot = await adminDb().collection('benchOps').get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, { reads: doc.data().reads ?? 0, writes: doc.data().writes ?? 0 }]));
}

/** Adds each function's ops between `before` and `after` to `sum`. */
function addDelta(sum: Totals, before: Totals, after: Totals): void {
  for (const [name, now] of Object.entries(after)) {
    const was = before[name] ?? { reads: 0, writes: 0 };
    const total = sum[name] ?? { reads: 0, writes: 0 };
    sum[name] = { reads: total.reads + now.reads - was.reads, writes: total.writes + now.writes - was.writes };
  }
}

function perCall(before: Totals, after: Totals, calls: number) {
  const byFunction: Record<string, { reads: number; writes: number }> = {};
  let reads = 0;
  let writes = 0;
  for (const [name, now] of Object.entries(after)) {
    if (isEmulatorOnly(name)) continue;
    const was = before[name] ?? { reads: 0, writes: 0 };
    const delta = { reads: (now.reads - was.reads) / calls, writes: (now.writes - was.writes) / calls };
    if (delta.reads === 0 && delta.writes === 0) continue;
    byFunction[name] = delta;
    reads += delta.reads;
    writes += delta.writes;
  }
  return { reads, writes, byFunction };
}

/**
 * Firestore document reads and writes per invitation (sendCallInvitation and its triggers, with a
 * requestId, to a callee with two devices), per receipt (one device's acknowledgeCallInvitation)
 * and per accept (the callable and the stop-ringing push),
 * counted by the functions themselves in bench mode (COUNT_FIRESTORE_OPS=true).
 */
export async function measureCost(calls: number) {
  const [caller, callee] = await Promise.all([signUp('Cost Caller'), signUp('Cost Callee')]);
  await registerDevice(callee, { deviceId: 'phone', platform: 'android' });
  await registerDevice(callee, { deviceId: 'tablet', platform: 'ios' });
  const warm = await sendInvitation(caller, { calleeId: callee.uid, requestId: 'cost-warmup' });
  await finalDelivery(warm.invitationId);
  await respond(callee, warm.invitationId, 'accept');
  await finalDeliveryOf(warm.invitationId, 'call_cancelled');
  await endCall(caller, warm.invitationId);

  // One call at a time: accepting a call ends the callee's other rings busy, so calls placed
  // first and answered after would measure that instead.
  const sent = [];
  const sending: Totals = {};
  const receiving: Totals = {};
  const answering: Totals = {};
  let before = await totals();
  for (let i = 0; i < calls; i++) {
    const invitation = await sendInvitation(caller, { calleeId: callee.uid, requestId: `cost-${i}` });
    await finalDelivery(invitation.invitationId);
    const placed = await totals();
    // The phone's receipt, as its app sends it when the ring arrives (the tablet's never comes).
    await callee.beckon.acknowledge(invitation.invitationId, { deviceId: 'phone', source: 'push' });
    const acknowledged = await totals();
    await respond(callee, invitation.invitationId, 'accept');
    await finalDeliveryOf(invitation.invitationId, 'call_cancelled');
    await endCall(callee, invitation.invitationId);
    const ended = await totals();
    addDelta(sending, before, placed);
    addDelta(receiving, placed, acknowledged);
    addDelta(answering, acknowledged, ended);
    before = ended;
    sent.push(invitation);
  }
  const invitation = perCall({}, sending, calls);
  const receipt = perCall({}, receiving, calls);
  const acceptAndEnd = perCall({}, answering, calls);
  // The emulator transport writes each would-be push to pushOutbox; the FCM transport writes nothing.
  const outbox = await adminDb()
    .collection('pushOutbox')
    .where(
      'invitationId',
      'in',
      sent.map((s) => s.invitationId),
    )
    .get();
  const outboxOf = (kind: string) => outbox.docs.filter((doc) => doc.data().kind === kind).length / calls;
  return {
    readsPerInvitation: invitation.reads,
    writesPerInvitation: invitation.writes - outboxOf('call_invitation'),
    writesPerInvitationWithOutbox: invitation.writes,
    readsPerReceipt: receipt.reads,
    writesPerReceipt: receipt.writes,
    receiptByFunction: receipt.byFunction,
    readsPerAcceptAndEnd: acceptAndEnd.reads,
    writesPerAcceptAndEnd: acceptAndEnd.writes - outboxOf('call_cancelled'),
    invitationByFunction: invitation.byFunction,
    acceptAndEndByFunction: acceptAndEnd.byFunction,
    calls,
  };
}
