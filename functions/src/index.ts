// Entry point: only re-exports. Each function lives in its own file; SDK clients are created lazily in services.ts.
export { sendCallInvitation } from './callables/sendCallInvitation.js';
export { registerDevice } from './callables/registerDevice.js';
export { unregisterDevice } from './callables/unregisterDevice.js';
export { deliverInvitationPush } from './triggers/deliverInvitationPush.js';
