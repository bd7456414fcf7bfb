import { answerRing, leave } from './call-changes.js';
import { type Call, isCallOver, isInCall } from './call.js';
import { type CallFacts, type EventOutcome, changed } from './call-outcomes.js';

// A block made while both users share a call: nobody stays in a call with someone who blocked
// them (the media room then removes them: media-room.ts). Nothing says why, as a block is never
// told: in a one-to-one call it is the blocker hanging up; in a group call the blocked user is
// taken out by the system, as the liveness sweep takes out the silent. A one-to-one call that only
// rings shares nothing yet: the caller cancels or the callee declines, as they would anyway.

/** A one-to-one call's block: exactly what the blocker could have done themselves. */
type HangUp = { kind: 'leave'; by: string; forEveryone: false };

/** In a group call: `uid` is taken out because `blockerId`, in the call, blocked them. */
export interface BlockedEvent {
  kind: 'blocked';
  blockerId: string;
  uid: string;
}

/** Whether `uid` takes part in the call as it stands: in it, or the caller of a call still ringing. */
const takesPart = (call: Call, uid: string): boolean =>
  isInCall(call, uid) || (call.status === 'ringing' && uid === call.callerId && call.callerIn);

/**
 * What `blockerId` blocking `blockedId` does to a call the blocker is in (read outside the
 * transaction; the event is decided again inside it, and one that no longer fits is refused or
 * ignored). Undefined: the two do not share it.
 */
export function eventForBlock(call: Call, blockerId: string, blockedId: string): HangUp | BlockedEvent | undefined {
  if (isCallOver(call.status)) return undefined;
  // A one-to-one call that let others join is a group call once someone did.
  if (call.group || Object.keys(call.callees).length > 1) {
    const blockedThere = takesPart(call, blockedId) || call.callees[blockedId] === 'ringing';
    return takesPart(call, blockerId) && blockedThere ? { kind: 'blocked', blockerId, uid: blockedId } : undefined;
  }
  const other = blockerId === call.callerId ? Object.keys(call.callees)[0] : call.callerId;
  return other === blockedId && call.status === 'active' ? { kind: 'leave', by: blockerId, forEveryone: false } : undefined;
}

/**
 * In a group call, decided on what the transaction read: while the blocker takes part, the blocked
 * user leaves (as if they hung up), or their ring stops (`cancelled`). Anything else is left alone.
 */
export function afterBlock(call: Call, event: BlockedEvent, facts: CallFacts, nowMs: number): EventOutcome {
  if (isCallOver(call.status) || !takesPart(call, event.blockerId)) return { kind: 'ignore' };
  if (call.callees[event.uid] === 'ringing' && nowMs < call.expiresAtMs) {
    return changed(call, answerRing(call, event.uid, 'cancelled'), nowMs, facts, { [event.uid]: 'cancelled' });
  }
  return takesPart(call, event.uid) ? changed(call, leave(call, event.uid), nowMs, facts) : { kind: 'ignore' };
}
