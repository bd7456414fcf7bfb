import { answerRing } from './call-changes.js';
import { type Call, participants } from './call.js';
import { type CallFacts, type EventOutcome, changed } from './call-outcomes.js';
import { afterAccountDeleted, join, leaveCall, lost } from './call-membership.js';
import { answerOneRing, calleeBusy, cancel } from './ring-answers.js';
import { endAtTimeLimit } from './call-time-limit.js';
import { type BlockedEvent, afterBlock } from './block-in-call.js';

export type { CallFacts, EventOutcome, Refusal } from './call-outcomes.js';

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
  | { kind: 'account_deleted'; uid: string }
  /** The sweep found the call going on past `maxCallMs` (MAX_CALL_MINUTES) since its first accept: it ends. */
  | { kind: 'time_limit'; maxCallMs: number }
  /** A group call's member blocked `uid`, who is taken out (block-in-call.ts). */
  | BlockedEvent;

/** What to read for an event, in one parallel round after the call itself. */
export interface CallReads {
  activeCalls: string[];
  /** join: the conversation's members. */
  conversation: boolean;
  /** Whether any of these blocked the user who asks: for a join, every member of the call; for a decline with a message, the caller. */
  blocksOf: string[];
  /** accept: whether the user who asks blocked any of these (the people in the call). */
  userBlocks: string[];
  /**
   * The invitation the event named: needed only for a callee who joined later, whose invitation
   * kept an answer the call does not hold (for everyone else the call's `callees` says it).
   */
  invitation: boolean;
}

/** Who asks: nobody for the ring timer and the liveness sweep (the writer records `system`). */
export const actorOf = (event: CallEvent): string | undefined =>
  event.kind === 'ring_timeout' ||
  event.kind === 'lost' ||
  event.kind === 'callee_busy' ||
  event.kind === 'time_limit' ||
  // Not the blocker: the one taken out must not learn who blocked them.
  event.kind === 'blocked'
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
  const none: CallReads = { activeCalls: [], conversation: false, blocksOf: [], userBlocks: [], invitation: false };
  const joinedLater = 'calleeId' in event && event.calleeId !== undefined && call.joinedIds.includes(event.calleeId);
  if (looksDone(call, event)) {
    // Told from the call alone (a repeated accept also from the callee's own entry: was it this
    // device?), so that a client repeating an answer cannot make each repeat cost a member's worth
    // of reads. Whatever the call says, the decision reads the same facts a full round would give
    // it on these paths: a repeat or a refusal, never a change.
    return { ...none, activeCalls: event.kind === 'accept' ? [event.calleeId] : [], invitation: joinedLater };
  }
  switch (event.kind) {
    case 'accept': {
      const inCall = participants(call).filter((uid) => uid !== event.calleeId);
      return { ...none, activeCalls: [call.callerId, event.calleeId], userBlocks: inCall, invitation: joinedLater };
    }
    case 'decline':
      // A message goes to the caller: not if they blocked the callee meanwhile.
      return { ...none, blocksOf: event.message === undefined ? [] : [call.callerId], invitation: joinedLater };
    case 'cancel':
      return { ...none, invitation: joinedLater };
    case 'callee_busy':
      return { ...none, activeCalls: [event.calleeId] };
    case 'leave':
      return { ...none, activeCalls: [...new Set([...participants(call), event.by])] };
    case 'time_limit':
      return { ...none, activeCalls: participants(call) };
    case 'account_deleted':
    case 'lost':
    case 'blocked':
      return { ...none, activeCalls: [...new Set([...participants(call), event.uid])] };
    case 'join': {
      const invited = event.by === call.callerId || call.memberIds.includes(event.by);
      // Everyone the call rang or let in, not only who is in it now: someone who blocked the
      // joiner and still rings would otherwise find them there on accepting.
      const members = [call.callerId, ...Object.keys(call.callees)].filter((uid) => uid !== event.by);
      return {
        ...none,
        activeCalls: [...new Set([...participants(call), event.by])],
        conversation: !invited && call.allowJoin,
        blocksOf: members,
      };
    }
    default:
      return none;
  }
}

/**
 * Whether the call already shows what the event asks, as a retry after a lost answer finds it:
 * the callee's part is what an accept or a decline makes it, the joiner is in, the one who leaves
 * has left (or the call is over). Only then may readsFor read less.
 */
function looksDone(call: Call, event: CallEvent): boolean {
  switch (event.kind) {
    case 'accept':
      return call.callees[event.calleeId] === 'accepted';
    case 'decline':
      return call.callees[event.calleeId] === 'declined';
    case 'join':
      return call.status === 'active' && participants(call).includes(event.by);
    case 'leave':
      return call.status === 'ended' || (!event.forEveryone && !participants(call).includes(event.by));
    default:
      return false;
  }
}

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
    case 'time_limit':
      return endAtTimeLimit(call, facts, nowMs, event.maxCallMs);
    case 'blocked':
      return afterBlock(call, event, facts, nowMs);
  }
}
