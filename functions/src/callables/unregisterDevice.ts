import { callable } from '../callable.js';
import { unregisterDeviceRequestSchema } from '../contract/index.js';
import { unregisterDevice as handle } from '../handlers/register-device.js';
import { services } from '../services.js';

export const unregisterDevice = callable('unregisterDevice', unregisterDeviceRequestSchema, (data, caller) =>
  handle(services(), caller.uid, data),
);
