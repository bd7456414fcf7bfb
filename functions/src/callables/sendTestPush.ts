import { callable } from '../callable.js';

export const sendTestPush = callable('sendTestPush', async () => {
  const [{ sendTestPushRequestSchema }, { sendTestPush: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/send-test-push.js'),
    import('../services.js'),
  ]);
  return {
    schema: sendTestPushRequestSchema,
    handle: (data, caller) =>
      handle(services(), caller.uid, data.deviceId === undefined ? { lang: data.lang } : { deviceId: data.deviceId, lang: data.lang }),
  };
});
