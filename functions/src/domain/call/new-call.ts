import type { CallType, GroupSystemMessageView } from '../../contract/index.js';
import { type Call, calleeStateOf, callSummary } from './call.js';
import { settle } from './call-changes.js';
import { type Invitation, type NewInvitationInput, type SystemMessage, newInvitation } from './invitation.js';
import { systemMessageText } from '../push/push-text.js';

/** One callee to ring, as the ring path found them. */
export interface CalleeToRing {
  calleeId: string;
  invitationId: string;
  online: boolean;
  /** In another call: their invitation is born `busy` and never rings. */
  busy: boolean;
  /** In another call, with call waiting on: it rings as a waiting call. */
  waiting?: boolean;
}

/** What every invitation of the call shares, plus the call's own choices and its callees. */
export type NewCallInput = Omit<NewInvitationInput, 'invitationId' | 'calleeId' | 'calleeOnline' | 'busy' | 'waiting' | 'callId'> & {
  callId: string;
  allowJoin: boolean;
  /** Placed with `calleeIds`: the group's history line, however many callees are rung. */
  group: boolean;
  /** How many people it holds at once, the caller included (MAX_CALL_PARTICIPANTS when placed). */
  maxParticipants: number;
  callees: CalleeToRing[];
};

export interface NewCall {
  call: Call;
  invitations: Invitation[];
  /** A one-to-one call: its one-to-one message plus the call's summary; a group call: the summary alone. */
  message: SystemMessage | GroupSystemMessageView;
}

/**
 * A call, its invitations and its one system message, born together. Each invitation is exactly
 * a one-to-one invitation (plus `callId`), so each callee's listener, push and diagnosis work as
 * for a one-to-one call. A call whose every callee is busy is over at once (`busy`).
 */
export function newCall(input: NewCallInput): NewCall {
  const { callees, group, maxParticipants, ...shared } = input;
  const rung = callees.map((callee) =>
    newInvitation({
      ...shared,
      invitationId: callee.invitationId,
      calleeId: callee.calleeId,
      calleeOnline: callee.online,
      busy: callee.busy,
      ...(callee.waiting ? { waiting: true } : {}),
    }),
  );
  const invitations = rung.map((r) => r.invitation);
  const [first] = rung;
  if (!first) throw new Error(`call ${input.callId} rings nobody`);
  const initial: Call = {
    callId: input.callId,
    callerId: input.callerId,
    callerIn: true,
    status: 'ringing',
    callees: Object.fromEntries(invitations.map((invitation) => [invitation.calleeId, calleeStateOf(invitation.status)])),
    allowJoin: input.allowJoin,
    group: group || rung.length !== 1,
    memberIds: [input.callerId, ...invitations.map((invitation) => invitation.calleeId)],
    joinedIds: [],
    invitationIds: Object.fromEntries(invitations.map((invitation) => [invitation.calleeId, invitation.id])),
    roomId: first.invitation.roomId,
    conversationId: input.conversationId,
    messageId: input.messageId,
    expiresAtMs: first.invitation.expiresAt,
    lostIds: [],
    maxParticipants,
  };
  const { call } = settle(initial);
  const summary = callSummary(call);
  if (!group && rung.length === 1) return { call, invitations, message: { ...first.message, call: summary } };
  const message: GroupSystemMessageView = {
    id: input.messageId,
    type: 'system',
    senderId: input.callerId,
    text: systemMessageText(input.callerName, input.callType),
    createdAt: input.nowMs,
    call: summary,
  };
  return { call, invitations, message };
}

/**
 * Retrying with a requestId must not turn into a call to someone else: the stored call rang the
 * callees asked for (less any who blocked the caller, whom a group answer lists as unavailable),
 * with the same call type.
 */
export function isSameCallRequest(stored: { calleeIds: string[]; callType: CallType }, calleeIds: string[], callType: CallType): boolean {
  const asked = new Set(calleeIds);
  return stored.callType === callType && stored.calleeIds.length > 0 && stored.calleeIds.every((uid) => asked.has(uid));
}
