import {
  type CallEndedReason,
  type CallStatus,
  type CallSummary,
  type CalleeState,
  type InvitationStatus,
  calleeStateOf,
  invitationStatusSchema,
} from '../../contract/index.js';

/**
 * A call (`calls/{callId}`), the one aggregate of Beckon: one caller, one invitation per callee
 * rung, and who is in it now. A one-to-one call is a call with one callee, so every rule holds for
 * both. What each event does to it is in call-events.ts; how one change of its callees settles the
 * whole call is in call-changes.ts.
 *
 *   call:   ringing -> active (first accept) -> ended (fewer than two left, or ended for everyone)
 *           ringing -> missed | declined | cancelled | busy (nobody ever joined: callOutcome)
 *   callee: ringing -> accepted | declined | cancelled | missed | busy (answered another call);
 *           accepted -> left;  busy (born so)
 */
export interface Call {
  callId: string;
  callerId: string;
  /** False once the caller left (or the call ended). */
  callerIn: boolean;
  status: CallStatus;
  /** Every callee's part, members who joined later included. */
  callees: Record<string, CalleeState>;
  allowJoin: boolean;
  /** Placed with `calleeIds`: it answers in the group shape, whatever the number rung. */
  group: boolean;
  /** Who may read it and end their part: the caller, the callees rung, and members who joined. */
  memberIds: string[];
  /** Who came in through joinCall (not by accepting a ring): their invitations keep their answer. */
  joinedIds: string[];
  /** Each rung callee's invitation. */
  invitationIds: Record<string, string>;
  roomId: string;
  conversationId: string;
  /** Its line in the conversation's history. */
  messageId: string;
  /** epoch ms: when the rings time out (every callee's the same). */
  expiresAtMs: number;
  /** epoch ms: its first accept. */
  startedAtMs?: number;
  /** Who left because their app went silent (see liveness.ts). */
  lostIds: string[];
  /** Why it ended, once an active call ended. */
  endedReason?: CallEndedReason;
  /** How many people it holds at once, the caller included: fixed when it was placed (MAX_CALL_PARTICIPANTS). */
  maxParticipants: number;
}

/** The statuses an event can move an invitation to. */
export type MovedStatus = 'accepted' | 'declined' | 'cancelled' | 'missed' | 'ended' | 'busy';

export { calleeStateOf, isCallOver } from '../../contract/call-states.js';

const INVITATION_STATUS = Object.fromEntries(invitationStatusSchema.options.map((status) => [calleeStateOf(status), status])) as Record<
  CalleeState,
  InvitationStatus
>;

/** The status of a callee's invitation, from their part in the call (the inverse of calleeStateOf). */
export const invitationStatusOf = (state: CalleeState): InvitationStatus => INVITATION_STATUS[state];

/** An invitation that can no longer change. */
export const isFinal = (status: InvitationStatus): boolean =>
  status === 'declined' || status === 'cancelled' || status === 'missed' || status === 'ended' || status === 'busy';

export const calleesIn = (call: Pick<Call, 'callees'>, state: CalleeState): string[] =>
  Object.entries(call.callees).flatMap(([uid, s]) => (s === state ? [uid] : []));

/** Who is in the call now: the caller (unless they left) and every callee who accepted or joined. */
export function participants(call: Pick<Call, 'callerId' | 'callerIn' | 'callees'>): string[] {
  return [...(call.callerIn ? [call.callerId] : []), ...calleesIn(call, 'accepted')];
}

/** Whether `uid` is in the call now: it is going on, and they are one of its participants. */
export const isInCall = (call: Pick<Call, 'status' | 'callerId' | 'callerIn' | 'callees'>, uid: string): boolean =>
  call.status === 'active' && participants(call).includes(uid);

/** Whether nobody more can enter: an accept or a join now would pass its `maxParticipants`. */
export const isFull = (call: Pick<Call, 'callerId' | 'callerIn' | 'callees' | 'maxParticipants'>): boolean =>
  participants(call).length >= call.maxParticipants;

/**
 * The call's shape, decided once when it was placed and stored (`group`): placed with `calleeIds`,
 * or ringing several. A group call answers in the group shape, and its history line has no
 * `callInvitation`. A one-to-one call open to joiners (`calleeId` with `allowJoin`) keeps the
 * one-to-one shape: its history line follows its one callee's invitation.
 */
export const isGroupCall = (call: Pick<Call, 'group'>): boolean => call.group;

/** The one callee of a call that is not a group call. */
export const onlyCalleeOf = (call: Call): string | undefined => (isGroupCall(call) ? undefined : Object.keys(call.invitationIds)[0]);

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

/** How long a call lasted, in whole seconds, as the history shows it. */
export const callDurationSeconds = (startedAtMs: number, endedAtMs: number): number =>
  Math.max(0, Math.round((endedAtMs - startedAtMs) / 1000));

/** The whole call as history shows it, on the call's system message. */
export function callSummary(
  call: Pick<Call, 'callId' | 'status' | 'callerId' | 'callerIn' | 'callees' | 'allowJoin' | 'lostIds' | 'endedReason' | 'maxParticipants'>,
  durationSeconds?: number,
): CallSummary {
  return {
    // Read before a join button is shown: nobody more can join.
    ...(call.status === 'active' && isFull(call) ? { full: true } : {}),
    callId: call.callId,
    status: call.status,
    callerId: call.callerId,
    callees: call.callees,
    allowJoin: call.allowJoin,
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    ...(call.endedReason === undefined ? {} : { endedReason: call.endedReason }),
    ...(call.lostIds.length === 0 ? {} : { lostIds: call.lostIds }),
  };
}
