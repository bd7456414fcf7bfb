// Entry point: only re-exports, one file per function. Nothing heavy loads here: each function
// loads firebase-admin, Firestore and its handler on its first request (see callable.ts, services.ts).
import { refuseFaultInjectionOutsideEmulator } from './faults/fault-injection.js';

refuseFaultInjectionOutsideEmulator();

export { sendCallInvitation } from './callables/sendCallInvitation.js';
export { respondToCallInvitation } from './callables/respondToCallInvitation.js';
export { cancelCallInvitation } from './callables/cancelCallInvitation.js';
export { endCall } from './callables/endCall.js';
export { joinCall } from './callables/joinCall.js';
export { getMediaCredentials } from './callables/getMediaCredentials.js';
export { registerDevice } from './callables/registerDevice.js';
export { unregisterDevice } from './callables/unregisterDevice.js';
export { diagnoseCallInvitation } from './callables/diagnoseCallInvitation.js';
export { getDeliveryHealth } from './callables/getDeliveryHealth.js';
export { sendTestPush } from './callables/sendTestPush.js';
export { acknowledgeCallInvitation } from './callables/acknowledgeCallInvitation.js';
export { blockUser } from './callables/blockUser.js';
export { unblockUser } from './callables/unblockUser.js';
export { deliverInvitationPush } from './triggers/deliverInvitationPush.js';
export { deliverCallStatusPush } from './triggers/deliverCallStatusPush.js';
export { scheduleInvitationExpiry } from './triggers/scheduleInvitationExpiry.js';
export { expireCallInvitation, expireCallInvitation1, expireCallInvitation2, expireCallInvitation3 } from './tasks/expireCallInvitation.js';
export { sweepExpiredInvitations } from './schedules/sweepExpiredInvitations.js';
export { sweepSilentParticipants } from './schedules/sweepSilentParticipants.js';
export { deleteUserData } from './triggers/deleteUserData.js';
export { closeMediaRoom } from './triggers/closeMediaRoom.js';
