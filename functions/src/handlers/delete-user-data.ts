import { writeTombstone } from '../adapters/firestore/deleted-users.js';
import { isRetryableEventError } from '../domain/errors/retryable-error.js';
import { logEvent } from '../logs.js';
import { type CallEventDeps, runCallEvent } from './call-events.js';

export type DeleteUserDeps = CallEventDeps;

/**
 * An Auth user was deleted: their calls end (a ringing call they placed is cancelled, one they
 * did not answer is missed, the call they are in goes on without them or ends, each with the usual
 * pushes to the others), then what Beckon keeps about them goes: devices and their tokens,
 * presence, the active call, the block list and the profile. Conversations and their history stay:
 * they belong to the others too. Running it twice is harmless.
 *
 * First of all, the tombstone (`deletedUsers/{uid}`): from then on every callable and every rule
 * that writes refuses the account's earlier tokens, which Auth honours for up to an hour, so
 * nothing they write can outlive the clean-up that follows. A retry keeps the first one's time.
 */
export async function deleteUserData(deps: DeleteUserDeps, uid: string): Promise<void> {
  const { store } = deps;
  await writeTombstone(store, uid, deps.now());
  const [placed, received, active] = await Promise.all([
    store.invitations().where('callerId', '==', uid).where('status', '==', 'ringing').get(),
    store.invitations().where('calleeId', '==', uid).where('status', '==', 'ringing').get(),
    store.activeCall(uid).get(),
  ]);
  const ringing = [...placed.docs, ...received.docs].map((doc) => doc.data().callId);
  const inCall = active.data()?.callId;
  const callIds = [...new Set([...ringing, ...(inCall === undefined ? [] : [inCall])])];
  // Calls first, so the others' phones stop ringing before this user's devices are gone. Each is
  // one event of its call; one that fails (the call is gone) must not keep the rest.
  const ended = await Promise.allSettled(callIds.map((callId) => runCallEvent(deps, { callId }, { kind: 'account_deleted', uid })));
  await Promise.all([
    store.db.recursiveDelete(store.devices(uid)),
    store.db.recursiveDelete(store.blockList(uid)),
    store.presence(uid).delete(),
    store.activeCall(uid).delete(),
    store.userProfile(uid).delete(),
  ]);
  logEvent('user.deleted', { uid, callsEnded: callIds.length });
  // A call that failed for a passing reason (Firestore busy) is worth the event's retry, which
  // finds what is left; one that can never end this way (the call is gone) is not.
  const passing = ended.find((result) => result.status === 'rejected' && isRetryableEventError(result.reason));
  if (passing?.status === 'rejected') throw passing.reason;
}
