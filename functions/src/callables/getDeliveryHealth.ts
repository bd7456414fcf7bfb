import { callable } from '../callable.js';

export const getDeliveryHealth = callable('getDeliveryHealth', async () => {
  const [{ getDeliveryHealthRequestSchema }, { getDeliveryHealth: handle }, { services }] = await Promise.all([
    import('../contract/index.js'),
    import('../handlers/get-delivery-health.js'),
    import('../services.js'),
  ]);
  return { schema: getDeliveryHealthRequestSchema, handle: (data, caller) => handle(services(), caller, data) };
});
