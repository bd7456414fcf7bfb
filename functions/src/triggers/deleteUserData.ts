import { onUserDeleted } from 'firebase-functions/identity';
import { REGION } from '../config.js';

/** When an Auth account is deleted, its calls end and Beckon forgets its devices and state. */
export const deleteUserData = onUserDeleted({ region: REGION }, async (event) => {
  const [{ deleteUserData: handle }, { services }] = await Promise.all([
    import('../handlers/delete-user-data.js'),
    import('../services.js'),
  ]);
  await handle(services(), event.data.uid);
});
