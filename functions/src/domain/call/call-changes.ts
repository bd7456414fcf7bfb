import type { CallSummary } from '../../contract/index.js';
import type { ActiveCallFacts } from './busy.js';
import {
  type Call,
  type MovedStatus,
  callDurationSeconds,
  callOutcome,
  callSummary,
  calleesIn,
  isCallOver,
  onlyCalleeOf,
  participants,
} from './call.js';

/**
 * One step of a call's change, before it is written: the call after it, and the callees whose part
 * ended with it. Events (call-events.ts) chain steps; `toChange` turns the result into what the
 * writer applies.
 */
export interface CallStep {
  call: Call;
  /** The call just became active (its first accept). */
  started: boolean;
  /** The call just ended, whatever the outcome. */
  ended: boolean;
  /** Callees whose ring the step stopped: their invitations are cancelled. */
  cancelled: string[];
  /** Callees whose ring timed out with the step: their invitations are missed. */
  missed: string[];
  /** Callees in the call who left with the step (they left, or it ended around them). */
  left: string[];
}

/** Someone who enters the call with this change, and the `activeCalls` entry that says so. */
export interface Entering {
  uid: string;
  /** The invitation their entry names (the accepted one, for the caller too; the call's id for a joiner without one). */
  invitationId: string;
  /** The device that accepted or joined (null: the app named none); absent on the caller's entry. */
  deviceId?: string | null;
}

/** Everything one event changes, for the one writer (adapters/firestore/call-writes.ts) to apply. */
export interface CallChange {
  /** The call as it was read. */
  before: Call;
  /** The call after the event. */
  call: Call;
  started: boolean;
  ended: boolean;
  /** Every invitation status the change sets, by callee. Pushes follow from them (push-plans.ts). */
  invitations: Record<string, MovedStatus>;
  /** `activeCalls` entries to write: who enters the call. */
  entering: Entering[];
  /** `activeCalls` entries to delete: who was in this call and is no longer. */
  leaving: string[];
  /** The history line: the call's summary and, for a one-to-one call whose invitation moved, `callInvitation`. */
  history: { call: CallSummary; callInvitation?: { status: MovedStatus; durationSeconds?: number } };
  /** A decline's message, posted in the conversation as the callee's text, after the call's line. */
  reply?: { senderId: string; text: string };
}

const step = (call: Call, more: Partial<CallStep> = {}): CallStep => ({
  call,
  started: false,
  ended: false,
  cancelled: [],
  missed: [],
  left: [],
  ...more,
});

/** Two steps one after the other. */
export const andThen = (first: CallStep, second: (call: Call) => CallStep): CallStep => {
  const next = second(first.call);
  return {
    call: next.call,
    started: first.started || next.started,
    ended: first.ended || next.ended,
    cancelled: [...first.cancelled, ...next.cancelled],
    missed: [...first.missed, ...next.missed],
    left: [...first.left, ...next.left],
  };
};

/** The call after one callee's part changed. */
export const withCallee = (call: Call, uid: string, state: Call['callees'][string]): Call => ({
  ...call,
  callees: { ...call.callees, [uid]: state },
});

/**
 * Brings the call's status in line with its callees: active at the first accept; over when
 * nobody rings any more and nobody joined (with callOutcome); ended when fewer than two are left
 * in an active call (or `endForEveryone`), which stops every ring and ends everyone's part.
 */
export function settle(call: Call, endForEveryone = false): CallStep {
  if (isCallOver(call.status)) return step(call);
  const accepted = calleesIn(call, 'accepted');
  const ringing = calleesIn(call, 'ringing');
  const started = call.status === 'ringing' && accepted.length > 0;
  const status = started ? 'active' : call.status;
  if (status === 'active' && (endForEveryone || participants(call).length < 2)) {
    const callees = { ...call.callees };
    for (const uid of ringing) callees[uid] = 'cancelled';
    for (const uid of accepted) callees[uid] = 'left';
    return step(
      { ...call, status: 'ended', endedReason: 'hung_up', callerIn: false, callees },
      { started, ended: true, cancelled: ringing, left: accepted },
    );
  }
  if (status === 'ringing' && ringing.length === 0) {
    return step({ ...call, status: callOutcome(call.callees), callerIn: false }, { started, ended: true });
  }
  return step({ ...call, status }, { started });
}

/** One callee's ring ends as `state` (answered, declined, stopped, timed out, or busy in another call). */
export const answerRing = (call: Call, uid: string, state: 'accepted' | 'declined' | 'cancelled' | 'missed' | 'busy'): CallStep =>
  settle(withCallee(call, uid, state));

/** Every ring not yet answered ends as `state`: stopped by the caller, or timed out. */
export function endRinging(call: Call, state: 'cancelled' | 'missed'): CallStep {
  const ringing = calleesIn(call, 'ringing');
  let next = call;
  for (const uid of ringing) next = withCallee(next, uid, state);
  const settled = settle(next);
  return { ...settled, [state]: [...ringing, ...settled[state]] };
}

/** A participant (the caller, or a callee who is in it) leaves; `forEveryone` ends the call for all. */
export function leave(call: Call, uid: string, forEveryone = false): CallStep {
  const isCaller = uid === call.callerId;
  const isIn = isCaller ? call.callerIn : call.callees[uid] === 'accepted';
  if (!isIn) return settle(call, forEveryone);
  const settled = settle(isCaller ? { ...call, callerIn: false } : withCallee(call, uid, 'left'), forEveryone);
  return isCaller ? settled : { ...settled, left: [uid, ...settled.left] };
}

/**
 * A participant whose app went silent leaves, as if they had hung up: they are in `lostIds`, and a
 * call they take below two people ends `lost`.
 */
export function lose(call: Call, uid: string): CallStep {
  const left = leave({ ...call, lostIds: call.lostIds.includes(uid) ? call.lostIds : [...call.lostIds, uid] }, uid);
  return left.ended ? { ...left, call: { ...left.call, endedReason: 'lost' } } : left;
}

/** Someone enters a call that is going on: the caller back, a callee, or a member who was not rung. */
export function enter(call: Call, uid: string): CallStep {
  const inCall = uid === call.callerId ? { ...call, callerIn: true } : withCallee(call, uid, 'accepted');
  return settle({
    ...inCall,
    memberIds: call.memberIds.includes(uid) ? call.memberIds : [...call.memberIds, uid],
    joinedIds: call.joinedIds.includes(uid) ? call.joinedIds : [...call.joinedIds, uid],
  });
}

/**
 * The change to write: `moved` are the invitations the event moved itself; the step's cancelled,
 * missed and left callees' invitations follow (a callee who joined later keeps theirs). `active`
 * are the `activeCalls` entries read for the event: whoever was in this call and is no longer loses
 * theirs.
 */
export function toChange(
  before: Call,
  result: CallStep,
  nowMs: number,
  active: Record<string, ActiveCallFacts | undefined>,
  moved: Record<string, MovedStatus> = {},
  entering: Entering[] = [],
): CallChange {
  const invitations: Record<string, MovedStatus> = { ...moved };
  const follow = (uids: string[], status: MovedStatus) => {
    for (const uid of uids) {
      if (before.invitationIds[uid] === undefined || invitations[uid]) continue;
      if (status === 'ended' && before.joinedIds.includes(uid)) continue;
      invitations[uid] = status;
    }
  };
  follow(result.cancelled, 'cancelled');
  follow(result.missed, 'missed');
  follow(result.left, 'ended');

  const call: Call = { ...result.call, startedAtMs: result.started ? nowMs : before.startedAtMs };
  const stillIn = new Set(participants(call));
  const leaving = Object.entries(active).flatMap(([uid, entry]) => (entry?.callId === before.callId && !stillIn.has(uid) ? [uid] : []));

  const durationSeconds = result.ended && call.startedAtMs !== undefined ? callDurationSeconds(call.startedAtMs, nowMs) : undefined;
  const only = onlyCalleeOf(before);
  const onlyStatus = only === undefined ? undefined : invitations[only];
  const callInvitation = onlyStatus && {
    status: onlyStatus,
    ...(onlyStatus === 'ended' && durationSeconds !== undefined ? { durationSeconds } : {}),
  };
  return {
    before,
    call,
    started: result.started,
    ended: result.ended,
    invitations,
    entering,
    leaving,
    history: { call: callSummary(call, durationSeconds), ...(callInvitation ? { callInvitation } : {}) },
  };
}
