import { callable } from '../callable.js';
import type { CancelCallInvitationResponse } from '../contract/index.js';

export const cancelCallInvitation = callable('cancelCallInvitation', async () => {
  const [{ cancelCallInvitationRequestSchema }, { readInvitationTarget }, { runCallEvent }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../adapters/firestore/call-reads.js'),
    import('../handlers/call-events.js'),
    import('../services.js'),
  ]);
  return {
    schema: cancelCallInvitationRequestSchema,
    async handle(data, caller): Promise<CancelCallInvitationResponse> {
      const deps = services();
      // By callId: every ring not yet answered; by invitationId: that callee's ring.
      if (data.callId !== undefined) {
        await runCallEvent(deps, { callId: data.callId }, { kind: 'cancel', by: caller.uid });
      } else {
        const target = await readInvitationTarget(deps.store, data.invitationId as string);
        await runCallEvent(deps, target, { kind: 'cancel', by: caller.uid, calleeId: target.calleeId });
      }
      return { status: 'cancelled' };
    },
  };
});
