import { callable } from '../callable.js';

export const unregisterDevice = callable('unregisterDevice', async () => {
  const [{ unregisterDeviceRequestSchema }, { unregisterDevice: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/register-device.js'),
    import('../services.js'),
  ]);
  return { schema: unregisterDeviceRequestSchema, handle: (data, caller) => handle(services(), caller.uid, data) };
});
