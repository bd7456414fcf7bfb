import { callable } from '../callable.js';
import { mediaSecrets } from '../config.js';
import type { RespondToCallInvitationResponse } from '../contract/index.js';

export const respondToCallInvitation = callable(
  'respondToCallInvitation',
  async () => {
    const [
      { respondToCallInvitationRequestSchema },
      { readInvitationTarget },
      { runCallEvent },
      { answerOtherRings },
      { mediaFor },
      { cleanDeclineMessage },
      { services },
    ] = await Promise.all([
      import('../contract/index.js'),
      import('../adapters/firestore/call-reads.js'),
      import('../handlers/call-events.js'),
      import('../handlers/answer-other-rings.js'),
      import('../handlers/media-credentials.js'),
      import('../domain/call/decline-message.js'),
      import('../services.js'),
    ]);
    return {
      schema: respondToCallInvitationRequestSchema,
      async handle({ invitationId, action, deviceId, message, endCurrent }, caller): Promise<RespondToCallInvitationResponse> {
        const deps = services();
        const target = await readInvitationTarget(deps.store, invitationId);
        const { calleeId } = target;
        if (action === 'decline') {
          const cleaned = cleanDeclineMessage(message);
          await runCallEvent(deps, target, { kind: action, by: caller.uid, calleeId, ...(cleaned ? { message: cleaned } : {}) });
          return { status: 'declined' };
        }
        const { call, repeated } = await runCallEvent(deps, target, { kind: action, by: caller.uid, calleeId, deviceId, endCurrent });
        // Both are in this call now (the caller from its first accept): calls still ringing for
        // either end busy (unless call waiting keeps them ringing). A repeat did that the first
        // time; it answers the room and its media again, which a retry after a lost answer needs.
        const inCall = repeated ? [] : [caller.uid, ...(call.callerIn ? [call.callerId] : [])];
        const [media] = await Promise.all([
          mediaFor(deps, call, caller.uid),
          ...inCall.map((uid) => answerOtherRings(deps, uid, call.callId)),
        ]);
        return {
          status: 'accepted',
          callId: call.callId,
          roomId: call.roomId,
          conversationId: call.conversationId,
          ...(media ? { media } : {}),
        };
      },
    };
  },
  { secrets: mediaSecrets },
);
