import { callable } from '../callable.js';

export const registerDevice = callable('registerDevice', async () => {
  const [{ registerDeviceRequestSchema }, { registerDevice: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/register-device.js'),
    import('../services.js'),
  ]);
  return { schema: registerDeviceRequestSchema, handle: (data, caller) => handle(services(), caller.uid, data) };
});
