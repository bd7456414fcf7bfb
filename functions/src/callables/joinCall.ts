import { callable } from '../callable.js';
import type { JoinCallResponse } from '../contract/index.js';

export const joinCall = callable('joinCall', async () => {
  const [{ joinCallRequestSchema }, { runCallEvent }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-events.js'),
    import('../services.js'),
  ]);
  return {
    schema: joinCallRequestSchema,
    async handle({ callId, deviceId }, caller): Promise<JoinCallResponse> {
      const call = await runCallEvent(services(), { callId }, { kind: 'join', by: caller.uid, deviceId });
      return { status: 'active', callId, roomId: call.roomId, conversationId: call.conversationId };
    },
  };
});
