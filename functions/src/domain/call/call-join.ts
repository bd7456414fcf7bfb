import type { Call } from './call.js';

export type JoinDecision =
  | { kind: 'join' }
  /** Already in the call: a retry, answered as the first time. */
  | { kind: 'repeat' }
  | { kind: 'refuse'; code: 'permission-denied' | 'failed-precondition'; reason: string };

/** What joinCall found out beside the call: the facts the join rule needs. */
export interface JoinFacts {
  /** Whether the user is a member of the call's conversation (read only when the call allows joining). */
  isConversationMember: boolean;
  /** Whether a member of the call (its caller, someone it rang, someone who joined) blocked the user. */
  blockedByMember: boolean;
}

/**
 * Who may join an active call later: the caller who left it, a callee who missed, declined, was
 * busy, was cancelled or left, and, when the caller allowed it, any other member of the conversation.
 * Nobody joins a call that someone who blocked them was rung in or is in: they are refused as if they were not
 * invited (the caller excepted: it is their call), so the refusal says nothing about the block.
 */
export function decideJoin(
  call: Pick<Call, 'callerId' | 'callerIn' | 'callees' | 'status' | 'allowJoin'>,
  uid: string,
  facts: JoinFacts,
): JoinDecision {
  const state = uid === call.callerId ? (call.callerIn ? 'accepted' : 'left') : call.callees[uid];
  const kept = facts.blockedByMember && uid !== call.callerId && state !== 'accepted';
  const mayJoin = !kept && (state !== undefined || (call.allowJoin && facts.isConversationMember));
  if (!mayJoin) return { kind: 'refuse', code: 'permission-denied', reason: 'you are not invited to this call' };
  if (call.status !== 'active') return { kind: 'refuse', code: 'failed-precondition', reason: `the call is ${call.status}` };
  if (state === 'accepted') return { kind: 'repeat' };
  if (state === 'ringing') return { kind: 'refuse', code: 'failed-precondition', reason: 'your invitation is ringing: accept it' };
  return { kind: 'join' };
}
