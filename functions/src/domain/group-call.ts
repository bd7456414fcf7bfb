import type { CallStatus, CallSummary, CalleeState, InvitationStatus } from '../contract/index.js';

/**
 * A call as a whole (`calls/{callId}`), pure: one caller, one invitation per callee, and who is
 * in it. Each callee's invitation keeps its own one-to-one lifecycle (call-state.ts); this file
 * says what each change of one callee means for the whole call. A one-to-one call is a call with
 * one callee, so both kinds follow the same rules.
 */
export interface CallState {
  callerId: string;
  /** False once the caller left (or the call ended). */
  callerIn: boolean;
  status: CallStatus;
  /** Every callee's state, members who joined later included. */
  callees: Record<string, CalleeState>;
  allowJoin: boolean;
}

/** What one change did to the call: its new state, and the callees whose invitations end with it. */
export interface CallChange {
  call: CallState;
  /** The call just became active (its first accept). */
  started: boolean;
  /** The call just ended, whatever the outcome. */
  ended: boolean;
  /** Callees still ringing when the call ended: their invitations are cancelled. */
  cancelled: string[];
  /** Callees in the call who leave with this change (it ended, or they left): their invitations end. */
  left: string[];
  /** Callees whose ring timed out with this change: their invitations are missed. */
  missed: string[];
}

const CALLEE_STATE: Record<InvitationStatus, CalleeState> = {
  ringing: 'ringing',
  accepted: 'accepted',
  declined: 'declined',
  cancelled: 'cancelled',
  missed: 'missed',
  ended: 'left',
  busy: 'busy',
};

/** A callee's part in the call, from the status of their invitation. */
export const calleeStateOf = (status: InvitationStatus): CalleeState => CALLEE_STATE[status];

const INVITATION_STATUS = Object.fromEntries(Object.entries(CALLEE_STATE).map(([status, state]) => [state, status])) as Record<
  CalleeState,
  InvitationStatus
>;

/** The status of a callee's invitation, from their part in the call (the inverse of calleeStateOf). */
export const invitationStatusOf = (state: CalleeState): InvitationStatus => INVITATION_STATUS[state];

const calleesIn = (call: CallState, state: CalleeState) => Object.entries(call.callees).flatMap(([uid, s]) => (s === state ? [uid] : []));

/** Who is in the call now: the caller (unless they left) and every callee who accepted or joined. */
export function participants(call: CallState): string[] {
  return [...(call.callerIn ? [call.callerId] : []), ...calleesIn(call, 'accepted')];
}

/** Whether the call is over, whatever its outcome. */
export const isCallOver = (status: CallStatus): boolean => status !== 'ringing' && status !== 'active';

/**
 * How a call that nobody joined ended, from its callees' answers: the one answer when all gave the
 * same; `cancelled` when the caller stopped any ring; otherwise `missed` when anyone missed it,
 * else `declined` (some declined, the others were busy).
 */
export function callOutcome(callees: Record<string, CalleeState>): CallStatus {
  const states = new Set(Object.values(callees));
  if (states.size === 1) {
    const [only] = states;
    if (only === 'declined' || only === 'missed' || only === 'busy' || only === 'cancelled') return only;
  }
  if (states.has('cancelled')) return 'cancelled';
  return states.has('missed') ? 'missed' : 'declined';
}

/** The call after one callee's state changed (their invitation moved, or they left). */
export const withCallee = (call: CallState, uid: string, state: CalleeState): CallState => ({
  ...call,
  callees: { ...call.callees, [uid]: state },
});

/** The call after a participant (caller or callee) left it. */
export const withoutParticipant = (call: CallState, uid: string): CallState =>
  uid === call.callerId ? { ...call, callerIn: false } : withCallee(call, uid, 'left');

/**
 * Brings the call's status in line with its callees: active at the first accept; over when
 * nobody rings any more and nobody joined (with callOutcome); ended when fewer than two are left
 * in an active call (or `endForEveryone`), which stops every ring and ends everyone's part.
 */
export function settle(call: CallState, endForEveryone = false): CallChange {
  const unchanged: CallChange = { call, started: false, ended: false, cancelled: [], left: [], missed: [] };
  if (isCallOver(call.status)) return unchanged;
  const accepted = calleesIn(call, 'accepted');
  const ringing = calleesIn(call, 'ringing');
  const started = call.status === 'ringing' && accepted.length > 0;
  const status = started ? 'active' : call.status;
  if (status === 'active' && (endForEveryone || participants(call).length < 2)) {
    const callees = { ...call.callees };
    for (const uid of ringing) callees[uid] = 'cancelled';
    for (const uid of accepted) callees[uid] = 'left';
    return {
      call: { ...call, status: 'ended', callerIn: false, callees },
      started,
      ended: true,
      cancelled: ringing,
      left: accepted,
      missed: [],
    };
  }
  if (status === 'ringing' && ringing.length === 0) {
    return {
      call: { ...call, status: callOutcome(call.callees), callerIn: false },
      started,
      ended: true,
      cancelled: [],
      left: [],
      missed: [],
    };
  }
  return { call: { ...call, status }, started, ended: false, cancelled: [], left: [], missed: [] };
}

/** Every ring not yet answered ends as `state`: stopped by the caller, or timed out. */
function endRinging(call: CallState, state: 'cancelled' | 'missed'): CallChange {
  const ringing = calleesIn(call, 'ringing');
  let next = call;
  for (const uid of ringing) next = withCallee(next, uid, state);
  return { ...settle(next), [state]: ringing };
}

/** The caller stops every ring not yet answered; whoever is in the call stays in it. */
export const cancelRinging = (call: CallState): CallChange => endRinging(call, 'cancelled');

/** Every ring not yet answered has timed out (the caller cancelled too late). */
export const timeOutRinging = (call: CallState): CallChange => endRinging(call, 'missed');

/**
 * A participant leaves (the caller, or a callee who is in it); `forEveryone` ends the call for
 * all. A leaving callee's invitation ends with the change.
 */
export function leave(call: CallState, uid: string, forEveryone = false): CallChange {
  const isIn = uid === call.callerId ? call.callerIn : call.callees[uid] === 'accepted';
  const change = settle(isIn ? withoutParticipant(call, uid) : call, forEveryone);
  return isIn && uid !== call.callerId ? { ...change, left: [uid, ...change.left] } : change;
}

export type JoinDecision =
  | { kind: 'join' }
  /** Already in the call: a retry, answered as the first time. */
  | { kind: 'repeat' }
  | { kind: 'refuse'; code: 'permission-denied' | 'failed-precondition'; reason: string };

/** What joinCall found out beside the call: the facts the join rule needs. */
export interface JoinFacts {
  /** Whether the user is a member of the call's conversation (read only when the call allows joining). */
  isConversationMember: boolean;
  /** Whether someone in the call now blocked the user. */
  blockedByParticipant: boolean;
}

/**
 * Who may join an active call later: the caller who left it, a callee who missed, declined, was
 * busy, was cancelled or left, and, when the caller allowed it, any other member of the conversation.
 * Nobody joins a call that someone who blocked them is in: they are refused as if they were not
 * invited (the caller excepted: it is their call), so the refusal says nothing about the block.
 */
export function decideJoin(call: CallState, uid: string, facts: JoinFacts): JoinDecision {
  const state = uid === call.callerId ? (call.callerIn ? 'accepted' : 'left') : call.callees[uid];
  const kept = facts.blockedByParticipant && uid !== call.callerId && state !== 'accepted';
  const mayJoin = !kept && (state !== undefined || (call.allowJoin && facts.isConversationMember));
  if (!mayJoin) return { kind: 'refuse', code: 'permission-denied', reason: 'you are not invited to this call' };
  if (call.status !== 'active') return { kind: 'refuse', code: 'failed-precondition', reason: `the call is ${call.status}` };
  if (state === 'accepted') return { kind: 'repeat' };
  if (state === 'ringing') return { kind: 'refuse', code: 'failed-precondition', reason: 'your invitation is ringing: accept it' };
  return { kind: 'join' };
}

/** The whole call as history shows it, on the call's system message. */
/** How long a call lasted, in whole seconds, as the history shows it. */
export const callDurationSeconds = (startedAtMs: number, endedAtMs: number): number =>
  Math.max(0, Math.round((endedAtMs - startedAtMs) / 1000));

export function callSummary(callId: string, call: CallState, durationSeconds?: number): CallSummary {
  return {
    callId,
    status: call.status,
    callerId: call.callerId,
    callees: call.callees,
    allowJoin: call.allowJoin,
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
  };
}
