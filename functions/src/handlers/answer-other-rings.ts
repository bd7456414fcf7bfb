import { logFailure } from '../logs.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

export interface OtherRingsDeps extends CallEventDeps {
  callWaiting(): boolean;
}

/**
 * `uid` just entered `callId` (accepted it, or joined it): every other call still ringing for them
 * ends `busy` for its caller at once, as a call to someone on the phone does; the stop-ringing
 * push and the missed-call notice follow from the status. With call waiting on, they keep ringing
 * as waiting calls. Each ring is its own event, decided again in its own transaction.
 */
export async function answerOtherRings(deps: OtherRingsDeps, uid: string, callId: string): Promise<void> {
  if (deps.callWaiting()) return;
  const ringing = await deps.store.invitations().where('calleeId', '==', uid).where('status', '==', 'ringing').get();
  const others = ringing.docs.filter((invitation) => invitation.data().callId !== callId);
  const results = await Promise.allSettled(
    others.map((invitation) =>
      runCallEvent(deps, { callId: invitation.data().callId, invitationId: invitation.id }, { kind: 'callee_busy', calleeId: uid }),
    ),
  );
  results.forEach((result, index) => {
    // The accept stands whatever happens here: a ring left ringing times out as usual.
    if (result.status === 'rejected')
      logFailure('invitation.busy.failed', result.reason, { invitationId: others[index]?.id, calleeId: uid });
  });
}
