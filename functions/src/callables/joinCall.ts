import { callable } from '../callable.js';
import type { JoinCallResponse } from '../contract/index.js';

export const joinCall = callable('joinCall', async () => {
  const [{ joinCallRequestSchema }, { joinCall: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/call-actions.js'),
    import('../services.js'),
  ]);
  return {
    schema: joinCallRequestSchema,
    handle: (data, caller): Promise<JoinCallResponse> => handle(services(), data.callId, caller.uid, data.deviceId),
  };
});
