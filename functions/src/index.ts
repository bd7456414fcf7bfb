// Entry point: initialises the Admin SDK once and re-exports the functions, one file each.
// SDK clients themselves are created lazily in services.ts.
import { initializeApp } from 'firebase-admin/app';

initializeApp();

export { sendCallInvitation } from './callables/sendCallInvitation.js';
export { registerDevice } from './callables/registerDevice.js';
export { unregisterDevice } from './callables/unregisterDevice.js';
export { deliverInvitationPush } from './triggers/deliverInvitationPush.js';
