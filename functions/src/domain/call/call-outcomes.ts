import type { InvitationStatus } from '../../contract/index.js';
import type { ActiveCallFacts } from './busy.js';
import { type CallStep, type Entering, toChange, type CallChange } from './call-changes.js';
import type { Call, MovedStatus } from './call.js';

// What deciding an event works with and answers: the facts read beside the call, and the outcome
// (a change, a refusal, a repeat, or nothing). Shared by the events of call-events.ts,
// ring-answers.ts and call-membership.ts.

/** What the event needs beside the call document, read in the same transaction (see readsFor). */
export interface CallFacts {
  /** The status of the invitation the event named, when it named one (a callee who joined later keeps an answer the call does not hold). */
  invitationStatus?: InvitationStatus;
  /** The `activeCalls` entries of `readsFor(...).activeCalls`. */
  active: Record<string, ActiveCallFacts | undefined>;
  /** join: whether the user is a member of the call's conversation (read only when that can let them in). */
  isConversationMember?: boolean;
  /** Whether one of `CallReads.blocksOf` blocked the user who asks (join: a member of the call; decline: the caller). */
  blockedByMember?: boolean;
  /** accept: whether the user who asks blocked someone in the call. */
  blocksParticipant?: boolean;
}

export interface Refusal {
  code: 'permission-denied' | 'failed-precondition' | 'resource-exhausted';
  reason: string;
  /**
   * `status`: where the call (or the asker's part) is now; `activeInvitationId`: the asker's other
   * call; `maxParticipants`: how many a full call holds.
   */
  details?: { status?: string; activeInvitationId?: string; maxParticipants?: number };
}

export type EventOutcome =
  /** Write the change; with a refusal, answer with it after writing (a ring whose time was up is missed anyway). */
  | { kind: 'change'; change: CallChange; refusal?: Refusal }
  | { kind: 'refuse'; refusal: Refusal }
  /** The event already won (a retry, or both parties hanging up at once): answer as it did, change nothing. */
  | { kind: 'repeat' }
  /** Nothing to do (a timer, or a deleted account, for a call already past it). */
  | { kind: 'ignore' };

export const refuse = (code: Refusal['code'], reason: string, details?: Refusal['details']): EventOutcome => ({
  kind: 'refuse',
  refusal: { code, reason, ...(details ? { details } : {}) },
});

/** An accept or a join into a call that holds as many people as it may. */
export const refuseFull = (call: Pick<Call, 'maxParticipants' | 'status'>): EventOutcome =>
  refuse('resource-exhausted', `the call is full (${call.maxParticipants} people)`, {
    status: call.status,
    maxParticipants: call.maxParticipants,
  });

/** A refusal that the state of the call, not the asker's rights, decided; `status` is where it is now. */
export const stale = (reason: string, status: string): EventOutcome => refuse('failed-precondition', reason, { status });

export const changed = (
  call: Call,
  result: CallStep,
  nowMs: number,
  facts: CallFacts,
  moved?: Record<string, MovedStatus>,
  entering?: Entering[],
): Extract<EventOutcome, { kind: 'change' }> => ({ kind: 'change', change: toChange(call, result, nowMs, facts.active, moved, entering) });
