import { callable } from '../callable.js';
import { mediaSecrets } from '../config.js';
import type { JoinCallResponse } from '../contract/index.js';

export const joinCall = callable(
  'joinCall',
  async () => {
    const [{ joinCallRequestSchema }, { runCallEvent }, { answerOtherRings }, { mediaFor }, { services }] = await Promise.all([
      import('../contract/index.js'),
      import('../handlers/call-events.js'),
      import('../handlers/answer-other-rings.js'),
      import('../handlers/media-credentials.js'),
      import('../services.js'),
    ]);
    return {
      schema: joinCallRequestSchema,
      async handle({ callId, deviceId }, caller): Promise<JoinCallResponse> {
        const deps = services();
        const { call, repeated } = await runCallEvent(deps, { callId }, { kind: 'join', by: caller.uid, deviceId });
        // A repeat answers the room and its media again (a retry after a lost answer needs them);
        // the other rings were answered the first time.
        const [media] = await Promise.all([
          mediaFor(deps, call, caller.uid),
          ...(repeated ? [] : [answerOtherRings(deps, caller.uid, callId)]),
        ]);
        return { status: 'active', callId, roomId: call.roomId, conversationId: call.conversationId, ...(media ? { media } : {}) };
      },
    };
  },
  { secrets: mediaSecrets },
);
