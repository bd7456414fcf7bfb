import type { CallStatus, EndCallResponse, InvitationStatus, JoinCallResponse } from '../contract/index.js';
import { BeckonError } from '../domain/beckon-error.js';
import { type MovedStatus, acceptConflict } from '../domain/call-state.js';
import {
  type CallChange,
  cancelRinging,
  decideJoin,
  invitationStatusOf,
  leave,
  participants,
  settle,
  timeOutRinging,
  withCallee,
} from '../domain/group-call.js';
import { activeCallEntry, activeCallFacts, callStateOf, isGroupCall, readActiveCalls } from '../adapters/firestore/call-mapping.js';
import { writeCallChange } from '../adapters/firestore/call-writes.js';
import type { CallDoc } from '../adapters/firestore/documents.js';
import { logEvent, logWarning } from '../logs.js';
import { type LifecycleDeps, applyCallAction } from './call-lifecycle.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';
import { logCallChange } from './call-log.js';

type Refusal = { code: 'permission-denied' | 'failed-precondition'; reason: string; details?: Record<string, unknown> };

/** A refusal that the state of the call decided; `status` is where it (or the actor's part) is now. */
const stale = (reason: string, status: string): Refusal => ({ code: 'failed-precondition', reason, details: { status } });

const noSuchCall = () => new BeckonError('not-found', 'callId: no such call', { field: 'callId' });

/** The call an invitation belongs to; an invitation stored before calls existed has none. */
export async function callIdOf(deps: LifecycleDeps, invitationId: string): Promise<string | undefined> {
  const doc = (await deps.store.invitation(invitationId).get()).data();
  if (!doc) throw new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });
  return doc.callId;
}

/**
 * endCall: "I leave". The call ends when fewer than two are left in it, or for everyone when the
 * caller says so; whoever still rings then stops ringing. A repeat answers as the first time.
 */
export async function leaveCall(deps: LifecycleDeps, callId: string, actorId: string, forEveryone = false): Promise<EndCallResponse> {
  const { store } = deps;
  const outcome = await runContendedTransaction(store.db, async (tx) => {
    const doc = (await tx.get(store.call(callId))).data();
    if (!doc) throw noSuchCall();
    const call = callStateOf(doc);
    const isCaller = actorId === doc.callerId;
    if (!isCaller && !doc.memberIds.includes(actorId)) {
      return { refusal: { code: 'permission-denied', reason: 'only a participant may end this call' } satisfies Refusal };
    }
    if (forEveryone && !isCaller) {
      return { refusal: { code: 'permission-denied', reason: 'only the caller may end the call for everyone' } satisfies Refusal };
    }
    if (call.status === 'ended') return { repeat: 'ended' as const, group: isGroupCall(doc) };
    const state = isCaller ? undefined : call.callees[actorId];
    const statusForActor: InvitationStatus | CallStatus = state ? invitationStatusOf(state) : call.status;
    if (call.status !== 'active') {
      return { refusal: stale(`the call is ${statusForActor}`, statusForActor) };
    }
    const isIn = isCaller ? call.callerIn : state === 'accepted';
    if (!isIn && !forEveryone) {
      if (isCaller || state === 'left') return { repeat: 'active' as const, group: isGroupCall(doc) };
      return { refusal: stale(`your part is ${statusForActor}`, statusForActor) };
    }
    const change = leave(call, actorId, forEveryone);
    const activeCalls = await readActiveCalls(tx, store, [...participants(call), actorId]);
    const nowMs = deps.now();
    const invitations = writeCallChange(tx, store, { callId, before: doc, change, actorId, nowMs, moved: {}, activeCalls });
    return { change, from: doc.status, invitations, group: isGroupCall(doc) };
  });

  if ('refusal' in outcome && outcome.refusal) throw refused('end', callId, actorId, outcome.refusal);
  if ('repeat' in outcome && outcome.repeat) {
    logEvent('invitation.action.repeated', { callId, action: 'end', actorId });
    return answer(outcome.repeat, outcome.group);
  }
  const { change, from, invitations, group } = outcome as {
    change: CallChange;
    from: CallStatus;
    invitations: Record<string, MovedStatus>;
    group: boolean;
  };
  logEvent('call.left', { callId, actorId, forEveryone, status: change.call.status });
  logCallChange({ callId, from, to: change.call.status, invitations }, actorId);
  return answer(change.call.status === 'active' ? 'active' : 'ended', group);
}

/** A one-to-one call answers `{ status: 'ended' }` as it always did; a group call says whether it goes on. */
const answer = (callStatus: 'active' | 'ended', group: boolean): EndCallResponse =>
  group ? { status: 'ended', callStatus } : { status: 'ended' };

/**
 * cancelCallInvitation({ callId }): the caller stops every ring not yet answered. Whoever is in
 * the call stays in it; a call nobody joined ends `cancelled`. With one callee it is exactly the
 * one-to-one cancel.
 */
export async function cancelWholeCall(deps: LifecycleDeps, callId: string, actorId: string): Promise<{ status: 'cancelled' }> {
  const { store } = deps;
  const before = (await store.call(callId).get()).data();
  if (!before) throw noSuchCall();
  const [onlyInvitation] = Object.values(before.invitationIds);
  if (!isGroupCall(before) && onlyInvitation !== undefined) {
    await applyCallAction(deps, onlyInvitation, 'cancel', actorId);
    return { status: 'cancelled' };
  }
  const outcome = await runContendedTransaction(store.db, async (tx) => {
    const doc = (await tx.get(store.call(callId))).data();
    if (!doc) throw noSuchCall();
    if (actorId !== doc.callerId) {
      return { refusal: { code: 'permission-denied', reason: 'only the caller may cancel this call' } satisfies Refusal };
    }
    const call = callStateOf(doc);
    const ringing = Object.values(call.callees).includes('ringing');
    if (!ringing) {
      if (call.status === 'cancelled') return { repeat: true };
      return {
        refusal: stale(`the call is ${call.status}`, call.status),
      };
    }
    const nowMs = deps.now();
    // Rings whose time is up are missed, as the timer would have made them: too late to cancel.
    const timedOut = nowMs >= doc.expiresAt.toMillis();
    const change = timedOut ? timeOutRinging(call) : cancelRinging(call);
    const activeCalls = change.ended ? await readActiveCalls(tx, store, participants(call)) : [];
    const invitations = writeCallChange(tx, store, { callId, before: doc, change, actorId, nowMs, moved: {}, activeCalls });
    const log = { callId, from: doc.status, to: change.call.status, invitations };
    if (timedOut) {
      const refusal = stale('the call stopped ringing (missed)', change.call.status);
      return { log, refusal };
    }
    return { log };
  });

  if ('log' in outcome && outcome.log) logCallChange(outcome.log, actorId);
  if ('refusal' in outcome && outcome.refusal) throw refused('cancel', callId, actorId, outcome.refusal as Refusal);
  if (!('repeat' in outcome)) logEvent('invitation.cancelled', { callId, actorId, action: 'cancel' });
  return { status: 'cancelled' };
}

/**
 * joinCall: into a call that is going on, later. A callee whose ring was missed or declined (or
 * who left) may; so may any member of the conversation when the caller allowed it. Their
 * invitation, if any, keeps its answer: the call document says they are in.
 */
export async function joinCall(deps: LifecycleDeps, callId: string, actorId: string, deviceId?: string): Promise<JoinCallResponse> {
  const { store } = deps;
  const outcome = await runContendedTransaction(store.db, async (tx) => {
    const doc = (await tx.get(store.call(callId))).data();
    if (!doc) throw noSuchCall();
    const call = callStateOf(doc);
    const invited = actorId === doc.callerId || doc.memberIds.includes(actorId);
    const others = participants(call).filter((uid) => uid !== actorId);
    const [conversation, blocks] = await Promise.all([
      !invited && doc.allowJoin ? tx.get(store.conversation(doc.conversationId)) : undefined,
      others.length > 0 ? tx.getAll(...others.map((uid) => store.blocked(uid, actorId))) : [],
    ]);
    const decision = decideJoin(call, actorId, {
      isConversationMember: conversation?.data()?.memberIds.includes(actorId) ?? false,
      blockedByParticipant: blocks.some((block) => block.exists),
    });
    if (decision.kind === 'refuse') {
      const details = decision.code === 'failed-precondition' ? { status: call.status } : undefined;
      return { refusal: { code: decision.code, reason: decision.reason, details } satisfies Refusal };
    }
    if (decision.kind === 'repeat') return { doc };
    const activeCalls = await readActiveCalls(tx, store, [...participants(call), actorId]);
    const nowMs = deps.now();
    const mine = activeCalls.find((snapshot) => snapshot.id === actorId)?.data();
    const conflict = acceptConflict(callId, undefined, activeCallFacts(mine), nowMs);
    if (conflict) return { refusal: { code: 'failed-precondition', reason: conflict.reason, details: conflict.details } satisfies Refusal };
    const joined = actorId === doc.callerId ? { ...call, callerIn: true } : withCallee(call, actorId, 'accepted');
    const change = settle(joined);
    const extra = {
      memberIds: doc.memberIds.includes(actorId) ? doc.memberIds : [...doc.memberIds, actorId],
      joinedIds: [...new Set([...(doc.joinedIds ?? []), actorId])],
    };
    writeCallChange(tx, store, { callId, before: doc, change, actorId, nowMs, moved: {}, activeCalls, extra });
    const entry = { callId, invitationId: doc.invitationIds[actorId] ?? callId, roomId: doc.roomId, conversationId: doc.conversationId };
    tx.set(store.activeCall(actorId), activeCallEntry(entry, nowMs, deviceId ?? null));
    return { doc, joined: true };
  });

  if ('refusal' in outcome && outcome.refusal) throw refused('join', callId, actorId, outcome.refusal);
  const { doc } = outcome as { doc: CallDoc; joined?: boolean };
  logEvent('joined' in outcome ? 'call.joined' : 'invitation.action.repeated', { callId, actorId, action: 'join' });
  return { status: 'active', callId, roomId: doc.roomId, conversationId: doc.conversationId };
}

function refused(action: string, callId: string, actorId: string, refusal: Refusal): BeckonError {
  logWarning('call.action.refused', { callId, action, actorId, reason: refusal.reason, ...refusal.details });
  return new BeckonError(refusal.code, refusal.reason, refusal.details);
}
