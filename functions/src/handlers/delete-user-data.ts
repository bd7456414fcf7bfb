import type { Collections } from '../adapters/firestore/collections.js';
import { logEvent } from '../logs.js';
import { applyCallAction } from './call-lifecycle.js';
import { leaveCall } from './call-actions.js';

export interface DeleteUserDeps {
  store: Collections;
  now(): number;
}

/**
 * An Auth user was deleted: their calls end (a ringing call they placed is cancelled, one they
 * did not answer is missed, an accepted one ends, each with the usual pushes to the other party),
 * then what Beckon keeps about them goes: devices and their tokens, presence, the active call, the
 * block list and the profile. Conversations and their history stay: they belong to the others too.
 * Running it twice is harmless.
 */
export async function deleteUserData(deps: DeleteUserDeps, uid: string): Promise<void> {
  const { store } = deps;
  const [placed, received, active] = await Promise.all([
    store.invitations().where('callerId', '==', uid).where('status', '==', 'ringing').get(),
    store.invitations().where('calleeId', '==', uid).where('status', '==', 'ringing').get(),
    store.activeCall(uid).get(),
  ]);
  const calls = [...placed.docs.map((doc) => doc.id), ...received.docs.map((doc) => doc.id)];
  const activeCall = active.data();
  // The call they are in: they leave it (a one-to-one call, or a group call down to one, ends).
  const leaving = activeCall ? leaveCall(deps, activeCall.callId, uid).catch(() => undefined) : undefined;
  // Calls first, so the other party's phones stop ringing before this user's devices are gone.
  await Promise.all([
    leaving,
    ...calls.map((invitationId) => applyCallAction(deps, invitationId, 'account_deleted', uid).catch(() => undefined)),
  ]);
  await Promise.all([
    store.db.recursiveDelete(store.devices(uid)),
    store.db.recursiveDelete(store.blockList(uid)),
    store.presence(uid).delete(),
    store.activeCall(uid).delete(),
    store.userProfile(uid).delete(),
  ]);
  logEvent('user.deleted', { uid, callsEnded: calls.length });
}
