import { onUserDeleted } from 'firebase-functions/identity';
import { REGION } from '../config.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/** When an Auth account is deleted, its calls end and Beckon forgets its devices and state. */
export const deleteUserData = onUserDeleted({ region: REGION, ...RETRIED }, async (event) => {
  await handleEvent('deleteUserData', { uid: event.data.uid }, event);
});
