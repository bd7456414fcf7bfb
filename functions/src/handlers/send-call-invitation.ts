import { randomUUID } from 'node:crypto';
import type { SendCallInvitationRequest } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { type Refusal, admitCall, refuseCalleeList, refuseRingSeconds } from '../domain/call/call-admission.js';
import { directConversationId, idempotentCallId, invitationIdsFor } from '../domain/users/conversation-ids.js';
import type { CallerContext } from '../domain/users/caller-context.js';
import { newCall } from '../domain/call/new-call.js';
import type { Liveness } from '../domain/call/liveness.js';
import type { RateLimits } from '../domain/users/rate-limit.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { writeNewCall } from '../adapters/firestore/new-call-writes.js';
import { type SendCallAnswer, answerOf } from '../domain/call/call-answer.js';
import { replayed } from './replay-call-request.js';
import { readRingFacts } from '../adapters/firestore/ring-facts.js';
import { isCreateConflict } from '../adapters/firestore/write-conflict.js';
import { logEvent } from '../logs.js';

export interface SendCallInvitationDeps {
  store: Collections;
  rateLimits(): RateLimits;
  userExists(uid: string): Promise<boolean>;
  ringTimeoutMs(): number;
  maxRingSeconds(): number;
  maxCallParticipants(): number;
  liveness(): Liveness;
  /** CALL_WAITING: ring a callee who is in another call as a waiting call. */
  callWaiting(): boolean;
  now(): number;
}

type ParsedRequest = Pick<
  SendCallInvitationRequest,
  'calleeId' | 'calleeIds' | 'conversationId' | 'requestId' | 'allowJoin' | 'ringSeconds'
> &
  Required<Pick<SendCallInvitationRequest, 'callType'>>;

export type { SendCallAnswer } from '../domain/call/call-answer.js';

/** A commit that lost a race for a new direct conversation is tried again, this many times in all. */
const MAX_ATTEMPTS = 3;

/**
 * Persists first: the system message, the call, one invitation per callee and (if new) the direct
 * conversation are written in one atomic batch, whatever the callees' presence. Pushing is the
 * trigger's job, per invitation.
 *
 * The ring path is one round of parallel reads and one commit, not a transaction (a read round
 * trip, then a commit). `create()` preconditions do the transaction's work where it matters: a
 * call id derived from the requestId (and invitation ids derived from the call's) cannot be
 * created twice, so retries, even concurrent ones, give one call, one message and one invitation
 * per callee (and a first call reads no invitation); a direct conversation created meanwhile by
 * the other party's call fails the batch, which is then tried again. What is given up
 * (BENCHMARKS.md): a busy or block state that changes in the milliseconds between the reads and
 * the commit is not seen by this call; accepting still refuses a second active call, so nobody
 * ends up in two.
 */
export async function sendCallInvitation(
  deps: SendCallInvitationDeps,
  caller: CallerContext,
  request: ParsedRequest,
): Promise<SendCallAnswer> {
  const { callType, requestId } = request;
  const calleeIds = request.calleeIds ?? (request.calleeId === undefined ? [] : [request.calleeId]);
  const field = request.calleeIds ? 'calleeIds' : 'calleeId';
  // Before anything is read: an empty list, too many callees, or the caller among them.
  const listRefusal = refuseCalleeList(caller.uid, { calleeIds, field });
  if (listRefusal) throw refusalError(listRefusal);
  const ringRefusal = refuseRingSeconds(request.ringSeconds, deps.maxRingSeconds());
  if (ringRefusal) throw refusalError(ringRefusal);
  const callId = requestId ? idempotentCallId(caller.uid, requestId) : randomUUID();
  // `calleeIds` answers in the group shape, however many of them are rung.
  const group = request.calleeIds !== undefined;
  const ring: RingPlan = { callId, calleeIds, field, group, invitationIds: invitationIdsFor(callId, calleeIds, group) };
  let outcome: { replayed: boolean; response: SendCallAnswer } | undefined;
  for (let attempt = 1; !outcome; attempt++) {
    try {
      outcome = await persistCall(deps, caller, request, ring);
    } catch (error) {
      const conflict = isCreateConflict(error);
      // A request already stored answers as it did the first time: when its create() lost to a
      // concurrent retry, and also when a check would now refuse it (the caller is in that very
      // call by now, or their rate window filled since). Only then is the call read.
      const mayBeStored = requestId !== undefined && (conflict || error instanceof BeckonError);
      const replay = mayBeStored ? await replayed(deps.store, callId, calleeIds, callType) : undefined;
      if (replay) {
        outcome = { replayed: true, response: replay };
      } else if (!conflict || attempt >= MAX_ATTEMPTS) {
        throw error;
      } else {
        const reason = 'a document it creates appeared meanwhile';
        logEvent('invitation.write.retried', { invitationId: callId, callId, callerId: caller.uid, attempt, reason });
      }
    }
  }

  const { response } = outcome;
  for (const invitation of response.invitations) {
    if (!('invitationId' in invitation)) {
      logEvent('call.callee_unavailable', { callId, callerId: caller.uid, calleeId: invitation.calleeId, replayed: outcome.replayed });
      continue;
    }
    const event = outcome.replayed ? 'invitation.replayed' : invitation.status === 'busy' ? 'invitation.busy' : 'invitation.persisted';
    logEvent(event, {
      invitationId: invitation.invitationId,
      callId,
      callerId: caller.uid,
      calleeId: invitation.calleeId,
      conversationId: response.conversationId,
      callType,
      ...('calleeOnline' in response ? { calleeOnline: response.calleeOnline } : {}),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  return response;
}

interface RingPlan {
  callId: string;
  calleeIds: string[];
  /** The request's field that named them, for errors. */
  field: 'calleeId' | 'calleeIds';
  /** Named by `calleeIds`: the group shape. */
  group: boolean;
  invitationIds: Record<string, string>;
}

/** One round of reads, the decision, one atomic commit. */
async function persistCall(
  deps: SendCallInvitationDeps,
  caller: CallerContext,
  request: ParsedRequest,
  ring: RingPlan,
): Promise<{ replayed: boolean; response: SendCallAnswer }> {
  const { store } = deps;
  const { callType, requestId } = request;
  const { callId, calleeIds, field } = ring;
  const admission = { calleeIds, field, ...(request.conversationId === undefined ? {} : { conversationId: request.conversationId }) };
  const conversationId = request.conversationId ?? directConversationId(caller.uid, calleeIds[0] as string);
  const facts = await readRingFacts(store, {
    callerId: caller.uid,
    ...(caller.name === undefined ? {} : { callerAuthName: caller.name }),
    calleeIds,
    conversationId,
    userExists: deps.userExists,
  });
  const nowMs = deps.now();
  const liveness = deps.liveness();
  const plan = admitCall(
    facts,
    admission,
    { limits: deps.rateLimits(), livenessMs: liveness.timeoutMs, callWaiting: deps.callWaiting() },
    nowMs,
  );
  if (plan.kind === 'refuse') throw refusalError(plan);

  const messageId = store.messages(conversationId).doc().id;
  const created = newCall({
    callId,
    messageId,
    roomId: randomUUID(),
    conversationId,
    callerId: caller.uid,
    callerName: plan.callerName,
    ...(plan.callerPhotoURL ? { callerPhotoURL: plan.callerPhotoURL } : {}),
    callType,
    ...(requestId === undefined ? {} : { requestId }),
    allowJoin: request.allowJoin ?? false,
    group: ring.group,
    maxParticipants: deps.maxCallParticipants(),
    callees: plan.rung.map((callee) => ({ ...callee, invitationId: ring.invitationIds[callee.calleeId] as string })),
    nowMs,
    ringTimeoutMs: request.ringSeconds === undefined ? deps.ringTimeoutMs() : request.ringSeconds * 1000,
  });
  await writeNewCall(store, {
    callId,
    conversationId,
    messageId,
    created,
    ...(plan.createConversation ? { newConversationMembers: [caller.uid, calleeIds[0] as string] } : {}),
    callerId: caller.uid,
    rate: { read: facts.rateWindow, next: plan.nextRateWindow, keys: plan.rateKeys },
    ...(requestId === undefined ? {} : { requestId }),
    heartbeatSeconds: liveness.heartbeatSeconds,
    nowMs,
  });
  return { replayed: false, response: answerOf(callId, calleeIds, created.invitations, created.call.status, created.message) };
}

const refusalError = (refusal: Refusal) => new BeckonError(refusal.code, refusal.reason, refusal.details);
