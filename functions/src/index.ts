// Entry point: initialises the Admin SDK once and re-exports the functions, one file each.
// SDK clients themselves are created lazily in services.ts.
import { initializeApp } from 'firebase-admin/app';

initializeApp();

export { sendCallInvitation } from './callables/sendCallInvitation.js';
export { respondToCallInvitation } from './callables/respondToCallInvitation.js';
export { cancelCallInvitation } from './callables/cancelCallInvitation.js';
export { endCall } from './callables/endCall.js';
export { registerDevice } from './callables/registerDevice.js';
export { unregisterDevice } from './callables/unregisterDevice.js';
export { deliverInvitationPush } from './triggers/deliverInvitationPush.js';
export { deliverCallStatusPush } from './triggers/deliverCallStatusPush.js';
export { scheduleInvitationExpiry } from './triggers/scheduleInvitationExpiry.js';
export { expireCallInvitation } from './tasks/expireCallInvitation.js';
export { sweepExpiredInvitations } from './schedules/sweepExpiredInvitations.js';
