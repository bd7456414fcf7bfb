import { acceptConflict } from './busy.js';
import { andThen, answerRing, endRinging, enter, leave, lose, settle } from './call-changes.js';
import { type Call, invitationStatusOf, isFull, isInCall } from './call.js';
import { decideJoin } from './call-join.js';
import { type CallFacts, type EventOutcome, changed, refuse, refuseFull, stale } from './call-outcomes.js';
import { isAlive } from './liveness.js';

// The events that change who is in a call: someone leaves (or ends it for everyone), joins later,
// goes silent (lost), or has their account deleted.

/**
 * endCall: "I leave". The call ends when fewer than two are left in it, or for everyone when the
 * caller says so; whoever still rings then stops ringing. A repeat answers as the first time.
 */
export function leaveCall(call: Call, by: string, forEveryone: boolean, facts: CallFacts, nowMs: number): EventOutcome {
  const isCaller = by === call.callerId;
  if (!isCaller && !call.memberIds.includes(by)) return refuse('permission-denied', 'only a participant may end this call');
  if (forEveryone && !isCaller) return refuse('permission-denied', 'only the caller may end the call for everyone');
  if (call.status === 'ended') return { kind: 'repeat' };
  const state = isCaller ? undefined : call.callees[by];
  const statusForActor = state ? invitationStatusOf(state) : call.status;
  if (call.status !== 'active') return stale(`the call is ${statusForActor}`, statusForActor);
  const isIn = isCaller ? call.callerIn : state === 'accepted';
  if (!isIn && !forEveryone) {
    return isCaller || state === 'left' ? { kind: 'repeat' } : stale(`your part is ${statusForActor}`, statusForActor);
  }
  return changed(call, leave(call, by, forEveryone), nowMs, facts);
}

/**
 * joinCall: into a call that is going on, later. Their invitation, if any, keeps its answer: the
 * call document says they are in.
 */
export function join(
  call: Call,
  by: string,
  deviceId: string | undefined,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): EventOutcome {
  const decision = decideJoin(call, by, {
    isConversationMember: facts.isConversationMember ?? false,
    blockedByMember: facts.blockedByMember ?? false,
  });
  if (decision.kind === 'refuse') {
    return refuse(decision.code, decision.reason, decision.code === 'failed-precondition' ? { status: call.status } : undefined);
  }
  if (decision.kind === 'repeat') return { kind: 'repeat' };
  if (isFull(call)) return refuseFull(call);
  const conflict = acceptConflict(call.callId, undefined, facts.active[by], nowMs, livenessMs);
  if (conflict) return refuse('failed-precondition', conflict.reason, conflict.details);
  const entering = [{ uid: by, invitationId: call.invitationIds[by] ?? call.callId, deviceId: deviceId ?? null }];
  return changed(call, enter(call, by), nowMs, facts, {}, entering);
}

/**
 * The sweep found `uid` silent: decided again on what this transaction read, so that a heartbeat
 * or a hang-up that came first wins. Someone heard from within the timeout stays; someone no longer
 * in the call is left alone (an entry of theirs still naming it is cleared). Anyone else leaves as
 * `lost`: their entry names this call and is silent, or names another call they went on to.
 */
export function lost(call: Call, uid: string, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const entry = facts.active[uid];
  const entryHere = entry?.callId === call.callId;
  if (!isInCall(call, uid)) return entryHere ? changed(call, settle(call), nowMs, facts) : { kind: 'ignore' };
  if (entryHere && isAlive(entry.aliveAt, nowMs, livenessMs)) return { kind: 'ignore' };
  return changed(call, lose(call, uid), nowMs, facts);
}

/**
 * A party's Auth account was deleted: their part ends as if they had hung up. A caller's rings
 * are cancelled, a ring to them is missed, and they leave the call they are in.
 */
export function afterAccountDeleted(call: Call, uid: string, facts: CallFacts, nowMs: number): EventOutcome {
  const isCaller = uid === call.callerId;
  const ringing = !isCaller && call.callees[uid] === 'ringing';
  const isIn = isCaller ? call.callerIn && call.status === 'active' : call.callees[uid] === 'accepted';
  const ringsStop = isCaller && Object.values(call.callees).includes('ringing');
  if (!ringing && !isIn && !ringsStop) return { kind: 'ignore' };
  let result = settle(call);
  if (ringsStop) result = endRinging(call, 'cancelled');
  if (ringing) result = answerRing(call, uid, 'missed');
  if (isIn) result = andThen(result, (next) => leave(next, uid));
  return changed(call, result, nowMs, facts, ringing ? { [uid]: 'missed' } : {});
}
