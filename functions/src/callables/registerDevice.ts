import { callable } from '../callable.js';
import { registerDeviceRequestSchema } from '../contract/index.js';
import { registerDevice as handle } from '../handlers/register-device.js';
import { services } from '../services.js';

export const registerDevice = callable('registerDevice', registerDeviceRequestSchema, (data, caller) =>
  handle(services(), caller.uid, data),
);
