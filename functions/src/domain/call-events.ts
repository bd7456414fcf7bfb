import type { InvitationStatus } from '../contract/index.js';
import { type ActiveCallFacts, acceptConflict, isSameAccept } from './busy.js';
import {
  type CallChange,
  type CallStep,
  type Entering,
  andThen,
  answerRing,
  endRinging,
  enter,
  leave,
  lose,
  settle,
  toChange,
} from './call-changes.js';
import { type Call, type MovedStatus, invitationStatusOf, isInCall, onlyCalleeOf, participants } from './call.js';
import { decideJoin } from './call-join.js';
import { isAlive } from './liveness.js';

/**
 * Everything that changes a call, one event each. `by` is the signed-in user who asks; the ring
 * timer and a deleted account have none. An event that names one callee's ring came as an
 * `invitationId`, which the edge turned into the call and that callee.
 */
export type CallEvent =
  /** `endCurrent` (call waiting): the callee ends the call they are in and accepts this one (call-waiting.ts). */
  | { kind: 'accept'; by: string; calleeId: string; deviceId?: string; endCurrent?: boolean }
  /** `message`: posted in the conversation as the callee's, after the call's line. */
  | { kind: 'decline'; by: string; calleeId: string; message?: string }
  /** The caller stops one callee's ring (`calleeId`), or every ring not yet answered. */
  | { kind: 'cancel'; by: string; calleeId?: string }
  | { kind: 'ring_timeout'; calleeId: string }
  /** endCall: "I leave"; `forEveryone` (the caller only) ends it for all. */
  | { kind: 'leave'; by: string; forEveryone: boolean }
  | { kind: 'join'; by: string; deviceId?: string }
  /** The liveness sweep found `uid` silent in the call (no heartbeat within the timeout). */
  | { kind: 'lost'; uid: string }
  /** The callee entered another call (accepted or joined it) while this one rang for them: their ring ends `busy`. */
  | { kind: 'callee_busy'; calleeId: string }
  | { kind: 'account_deleted'; uid: string };

/** What the event needs beside the call document, read in the same transaction (see readsFor). */
export interface CallFacts {
  /** The status of the invitation the event named, when it named one (a callee who joined later keeps an answer the call does not hold). */
  invitationStatus?: InvitationStatus;
  /** The `activeCalls` entries of `readsFor(...).activeCalls`. */
  active: Record<string, ActiveCallFacts | undefined>;
  /** join: whether the user is a member of the call's conversation (read only when that can let them in). */
  isConversationMember?: boolean;
  /** join: whether someone in the call blocked the user. */
  blockedByParticipant?: boolean;
}

/** What to read for an event, in one parallel round after the call itself. */
export interface CallReads {
  activeCalls: string[];
  /** join: the conversation's members. */
  conversation: boolean;
  /** join: whether each of these blocked the joiner. */
  blocksOf: string[];
  /**
   * The invitation the event named: needed only for a callee who joined later, whose invitation
   * kept an answer the call does not hold (for everyone else the call's `callees` says it).
   */
  invitation: boolean;
}

export interface Refusal {
  code: 'permission-denied' | 'failed-precondition';
  reason: string;
  /** `status`: where the call (or the asker's part) is now; `activeInvitationId`: the asker's other call. */
  details?: { status?: string; activeInvitationId?: string };
}

export type EventOutcome =
  /** Write the change; with a refusal, answer with it after writing (a ring whose time was up is missed anyway). */
  | { kind: 'change'; change: CallChange; refusal?: Refusal }
  | { kind: 'refuse'; refusal: Refusal }
  /** The event already won (a retry, or both parties hanging up at once): answer as it did, change nothing. */
  | { kind: 'repeat' }
  /** Nothing to do (a timer, or a deleted account, for a call already past it). */
  | { kind: 'ignore' };

/** Who asks: nobody for the ring timer and the liveness sweep (the writer records `system`). */
export const actorOf = (event: CallEvent): string | undefined =>
  event.kind === 'ring_timeout' || event.kind === 'lost' || event.kind === 'callee_busy'
    ? undefined
    : event.kind === 'account_deleted'
      ? event.uid
      : event.by;

/**
 * The `activeCalls` entries an event reads: an accept, the two parties' (is either in another
 * call?); an event that can take someone out of the call, its participants'. A ring's answer never
 * takes anyone out (an active call keeps its participants; a call that only rang has nobody in it),
 * so declines, cancels and timeouts read none.
 */
export function readsFor(call: Call, event: CallEvent): CallReads {
  const none: CallReads = { activeCalls: [], conversation: false, blocksOf: [], invitation: false };
  const joinedLater = 'calleeId' in event && event.calleeId !== undefined && call.joinedIds.includes(event.calleeId);
  switch (event.kind) {
    case 'accept':
      return { ...none, activeCalls: [call.callerId, event.calleeId], invitation: joinedLater };
    case 'decline':
    case 'cancel':
      return { ...none, invitation: joinedLater };
    case 'callee_busy':
      return { ...none, activeCalls: [event.calleeId] };
    case 'leave':
      return { ...none, activeCalls: [...new Set([...participants(call), event.by])] };
    case 'account_deleted':
    case 'lost':
      return { ...none, activeCalls: [...new Set([...participants(call), event.uid])] };
    case 'join': {
      const invited = event.by === call.callerId || call.memberIds.includes(event.by);
      const others = participants(call).filter((uid) => uid !== event.by);
      return {
        activeCalls: [...new Set([...participants(call), event.by])],
        conversation: !invited && call.allowJoin,
        blocksOf: others,
        invitation: false,
      };
    }
    default:
      return none;
  }
}

const refuse = (code: Refusal['code'], reason: string, details?: Refusal['details']): EventOutcome => ({
  kind: 'refuse',
  refusal: { code, reason, ...(details ? { details } : {}) },
});

/** A refusal that the state of the call, not the asker's rights, decided; `status` is where it is now. */
const stale = (reason: string, status: string): EventOutcome => refuse('failed-precondition', reason, { status });

const TOO_LATE = 'the call stopped ringing (missed)';

/**
 * What one event does to a call, as of `nowMs`: a refusal, nothing, or the change to write.
 * `livenessMs` is the liveness timeout (liveness.ts): someone silent for longer is not busy.
 */
export function decideCallEvent(call: Call, event: CallEvent, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  switch (event.kind) {
    case 'accept':
    case 'decline':
      return answerOneRing(call, event, event.calleeId, facts, nowMs, livenessMs);
    case 'cancel':
      return cancel(call, event.by, event.calleeId, facts, nowMs, livenessMs);
    case 'ring_timeout': {
      if (call.callees[event.calleeId] !== 'ringing' || nowMs < call.expiresAtMs) return { kind: 'ignore' };
      return changed(call, answerRing(call, event.calleeId, 'missed'), nowMs, facts, { [event.calleeId]: 'missed' });
    }
    case 'leave':
      return leaveCall(call, event.by, event.forEveryone, facts, nowMs);
    case 'join':
      return join(call, event.by, event.deviceId, facts, nowMs, livenessMs);
    case 'lost':
      return lost(call, event.uid, facts, nowMs, livenessMs);
    case 'callee_busy':
      return calleeBusy(call, event.calleeId, facts, nowMs, livenessMs);
    case 'account_deleted':
      return afterAccountDeleted(call, event.uid, facts, nowMs);
  }
}

const changed = (
  call: Call,
  result: CallStep,
  nowMs: number,
  facts: CallFacts,
  moved?: Record<string, MovedStatus>,
  entering?: Entering[],
): Extract<EventOutcome, { kind: 'change' }> => ({ kind: 'change', change: toChange(call, result, nowMs, facts.active, moved, entering) });

const ONE_RING = {
  accept: { actor: 'callee', to: 'accepted' },
  decline: { actor: 'callee', to: 'declined' },
  cancel: { actor: 'caller', to: 'cancelled' },
} as const;

/**
 * An answer to one callee's ring: the callee accepts or declines, or the caller stops it. Of two
 * racing answers the first wins and the other finds the ring over; one whose time is up makes the
 * ring missed, as the timer would, and is refused.
 */
function answerOneRing(
  call: Call,
  event: { kind: keyof typeof ONE_RING; by: string; deviceId?: string; message?: string },
  calleeId: string,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): EventOutcome {
  const { actor, to } = ONE_RING[event.kind];
  if (event.by !== (actor === 'callee' ? calleeId : call.callerId)) {
    return refuse('permission-denied', `only the ${actor} may ${event.kind} this call`);
  }
  const state = call.callees[calleeId];
  const invitationId = call.invitationIds[calleeId];
  if (state === undefined || invitationId === undefined) throw new Error(`${calleeId} was not rung in call ${call.callId}`);
  const status = facts.invitationStatus ?? invitationStatusOf(state);
  if (status === 'ringing' && nowMs >= call.expiresAtMs) {
    const missed = changed(call, answerRing(call, calleeId, 'missed'), nowMs, facts, { [calleeId]: 'missed' });
    return { ...missed, refusal: { code: 'failed-precondition', reason: TOO_LATE, details: { status: 'missed' } } };
  }
  if (status === to) {
    if (event.kind !== 'accept' || isSameAccept(invitationId, facts.active[calleeId], event.deviceId)) return { kind: 'repeat' };
    return stale('the call was answered on another device', status);
  }
  if (status !== 'ringing') return stale(`the call is ${status}`, status);
  if (event.kind !== 'accept') {
    const answered = changed(call, answerRing(call, calleeId, to), nowMs, facts, { [calleeId]: to });
    const reply = event.kind === 'decline' && event.message ? { senderId: calleeId, text: event.message } : undefined;
    return reply ? { ...answered, change: { ...answered.change, reply } } : answered;
  }

  const conflict = acceptConflict(call.callId, facts.active[call.callerId], facts.active[calleeId], nowMs, livenessMs);
  if (conflict) return refuse('failed-precondition', conflict.reason, { status, ...conflict.details });
  // In a group call the caller is in it from the first accept: later ones leave their entry be.
  const callerEnters = facts.active[call.callerId]?.callId !== call.callId;
  const entering = [
    ...(callerEnters ? [{ uid: call.callerId, invitationId }] : []),
    { uid: calleeId, invitationId, deviceId: event.deviceId ?? null },
  ];
  return changed(call, answerRing(call, calleeId, 'accepted'), nowMs, facts, { [calleeId]: 'accepted' }, entering);
}

/**
 * The caller stops one ring, or every ring not yet answered (whoever is in the call stays in it).
 * A call with one callee is exactly that callee's ring. Rings whose time is up are missed, as the
 * timer would have made them: too late to cancel.
 */
function cancel(call: Call, by: string, calleeId: string | undefined, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const oneRing = calleeId ?? onlyCalleeOf(call);
  if (oneRing !== undefined) return answerOneRing(call, { kind: 'cancel', by }, oneRing, facts, nowMs, livenessMs);
  if (by !== call.callerId) return refuse('permission-denied', 'only the caller may cancel this call');
  if (!Object.values(call.callees).includes('ringing')) {
    return call.status === 'cancelled' ? { kind: 'repeat' } : stale(`the call is ${call.status}`, call.status);
  }
  if (nowMs < call.expiresAtMs) return changed(call, endRinging(call, 'cancelled'), nowMs, facts);
  const missed = changed(call, endRinging(call, 'missed'), nowMs, facts);
  return { ...missed, refusal: { code: 'failed-precondition', reason: TOO_LATE, details: { status: missed.change.call.status } } };
}

/**
 * endCall: "I leave". The call ends when fewer than two are left in it, or for everyone when the
 * caller says so; whoever still rings then stops ringing. A repeat answers as the first time.
 */
function leaveCall(call: Call, by: string, forEveryone: boolean, facts: CallFacts, nowMs: number): EventOutcome {
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
function join(call: Call, by: string, deviceId: string | undefined, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const decision = decideJoin(call, by, {
    isConversationMember: facts.isConversationMember ?? false,
    blockedByParticipant: facts.blockedByParticipant ?? false,
  });
  if (decision.kind === 'refuse') {
    return refuse(decision.code, decision.reason, decision.code === 'failed-precondition' ? { status: call.status } : undefined);
  }
  if (decision.kind === 'repeat') return { kind: 'repeat' };
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
function lost(call: Call, uid: string, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const entry = facts.active[uid];
  const entryHere = entry?.callId === call.callId;
  if (!isInCall(call, uid)) return entryHere ? changed(call, settle(call), nowMs, facts) : { kind: 'ignore' };
  if (entryHere && isAlive(entry.aliveAt, nowMs, livenessMs)) return { kind: 'ignore' };
  return changed(call, lose(call, uid), nowMs, facts);
}

/**
 * The callee went into another call (accepted it, or joined one) while this one still rang for
 * them: their ring here ends `busy`, as a call to someone on the phone does, and its caller hears
 * so. Decided on what this transaction read: a ring already answered, or a callee who is not alive
 * in another call (they left it meanwhile), is left alone; a ring whose time is up is the timer's.
 */
function calleeBusy(call: Call, calleeId: string, facts: CallFacts, nowMs: number, livenessMs: number): EventOutcome {
  const entry = facts.active[calleeId];
  const elsewhere = entry !== undefined && entry.callId !== call.callId && isAlive(entry.aliveAt, nowMs, livenessMs);
  if (call.callees[calleeId] !== 'ringing' || !elsewhere || nowMs >= call.expiresAtMs) return { kind: 'ignore' };
  return changed(call, answerRing(call, calleeId, 'busy'), nowMs, facts, { [calleeId]: 'busy' });
}

/**
 * A party's Auth account was deleted: their part ends as if they had hung up. A caller's rings
 * are cancelled, a ring to them is missed, and they leave the call they are in.
 */
function afterAccountDeleted(call: Call, uid: string, facts: CallFacts, nowMs: number): EventOutcome {
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
