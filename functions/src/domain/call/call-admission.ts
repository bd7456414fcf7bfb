import { MAX_CALLEES } from '../../contract/index.js';
import type { BeckonErrorCode } from '../errors/beckon-error.js';
import { UNNAMED_CALLER, cleanDisplayName, cleanPhotoURL } from '../users/caller-identity.js';
import { isBusy } from './busy.js';
import { type PresenceView, isOnline } from '../users/presence.js';
import { type RateLimits, type RateWindow, decideRate } from '../users/rate-limit.js';

/** One callee as the ring path's read round found them. */
export interface CalleeFacts {
  calleeId: string;
  /** An Auth user. */
  exists: boolean;
  /** They blocked the caller. */
  blockedCaller: boolean;
  presence?: PresenceView;
  /** In an accepted call: their last heartbeat in it, epoch ms (see liveness.ts). */
  inCallAliveAt?: number;
  /** The key their count is kept under in the caller's rate window. */
  rateKey: string;
}

/** Everything the decision to place a call needs, read in one round (adapters/firestore/ring-facts.ts). */
export interface RingFacts {
  caller: {
    uid: string;
    /** The Auth display name from the ID token: the fallback for the name the callee sees. */
    authName?: string;
    /** `users/{uid}` as the caller wrote it: anything, to be cleaned. */
    profile?: { displayName?: unknown; photoURL?: unknown };
    /** The accepted call the caller is in. */
    activeCall?: { invitationId: string; aliveAt: number };
  };
  /** The conversation the call goes into, when it exists. */
  conversation?: { memberIds: string[] };
  rateWindow?: RateWindow;
  /** In the order the request named them. */
  callees: CalleeFacts[];
}

export interface AdmissionRequest {
  calleeIds: string[];
  /** The request's field that named them, for errors. */
  field: 'calleeId' | 'calleeIds';
  /** Given by the request (a group conversation); absent: the direct conversation of the two. */
  conversationId?: string;
}

export interface Refusal {
  kind: 'refuse';
  code: BeckonErrorCode;
  reason: string;
  details?: Record<string, unknown>;
}

/** What the call will be: who is rung, who cannot be, what the callee is shown, the rate window after it. */
export interface CallPlan {
  kind: 'admit';
  /** The conversation does not exist yet (a first direct call): it is created with the call. */
  createConversation: boolean;
  callerName: string;
  callerPhotoURL?: string;
  /** Rung, in the order asked; `busy` ones get an invitation born busy that never rings, `waiting` ones ring as a waiting call. */
  rung: { calleeId: string; online: boolean; busy: boolean; waiting?: boolean }[];
  /** Asked but not rung: they blocked the caller. */
  unavailableIds: string[];
  /** The rate keys the call counts under, and the window with it counted. */
  rateKeys: string[];
  nextRateWindow: RateWindow;
}

const refuse = (code: BeckonErrorCode, reason: string, details?: Record<string, unknown>): Refusal => ({
  kind: 'refuse',
  code,
  reason,
  ...(details ? { details } : {}),
});

/**
 * The list of callees on its own, before anything is read: not empty, not too many, not the
 * caller. The request schema says the same to clients; this holds for every caller of the domain.
 */
export function refuseCalleeList(callerId: string, request: AdmissionRequest): Refusal | undefined {
  const { calleeIds, field } = request;
  if (calleeIds.length === 0) return refuse('invalid-argument', `${field}: name a callee`, { field });
  if (calleeIds.length > MAX_CALLEES) return refuse('invalid-argument', `${field}: at most ${MAX_CALLEES} callees`, { field });
  if (calleeIds.includes(callerId)) return refuse('invalid-argument', `${field}: you cannot call yourself`, { field });
  return undefined;
}

/**
 * A call's own ring time against the operator's ceiling (MAX_RING_SECONDS), before anything is
 * read. The request schema holds it to the absolute range; the ceiling may be lower.
 */
export function refuseRingSeconds(ringSeconds: number | undefined, maxRingSeconds: number): Refusal | undefined {
  if (ringSeconds === undefined || ringSeconds <= maxRingSeconds) return undefined;
  const message = `at most ${maxRingSeconds} s (MAX_RING_SECONDS)`;
  return refuse('invalid-argument', `ringSeconds: ${message}`, { field: 'ringSeconds', issues: [{ field: 'ringSeconds', message }] });
}

/**
 * Whether a call may be placed, and if so what it will be. The checks, in order: the caller is in
 * another call; nobody asked can be called by the caller (they blocked them); a callee is no user;
 * the conversation is missing or someone is not in it; the caller's rate limits. A callee in
 * another call does not refuse the call: their invitation is born `busy`.
 *
 * A callee who blocked the caller is not rung, and the caller learns that and nothing more: a
 * one-to-one call is refused with the same words as a group call in which nobody can be called,
 * and a group call lists them as unavailable.
 */
/** The settings a call is admitted under. */
export interface AdmissionSettings {
  limits: RateLimits;
  /** The liveness timeout: someone silent in their call for this long is not busy. */
  livenessMs: number;
  /** CALL_WAITING: a callee in another call is rung (a waiting call) rather than answered busy. */
  callWaiting: boolean;
}

export function admitCall(facts: RingFacts, request: AdmissionRequest, settings: AdmissionSettings, nowMs: number): Refusal | CallPlan {
  const { limits, livenessMs, callWaiting } = settings;
  const { caller, callees } = facts;
  const { field } = request;
  const listRefusal = refuseCalleeList(caller.uid, request);
  if (listRefusal) return listRefusal;
  if (caller.activeCall && isBusy(caller.activeCall.aliveAt, nowMs, livenessMs)) {
    return refuse('failed-precondition', 'you are already in another call; end it first', {
      activeInvitationId: caller.activeCall.invitationId,
    });
  }
  const reachable = callees.filter((callee) => !callee.blockedCaller);
  if (reachable.length === 0) return refuse('permission-denied', `${field}: this user cannot be called`, { field });
  const unknown = callees.find((callee) => !callee.exists);
  if (unknown) {
    return refuse('not-found', `${field}: no such user`, { field, ...(callees.length > 1 ? { calleeId: unknown.calleeId } : {}) });
  }
  if (request.conversationId !== undefined) {
    const { conversation } = facts;
    if (!conversation) return refuse('not-found', 'conversationId: no such conversation', { field: 'conversationId' });
    if (![caller.uid, ...request.calleeIds].every((uid) => conversation.memberIds.includes(uid))) {
      const who = callees.length > 1 ? 'caller and callees' : 'caller and callee';
      return refuse('permission-denied', `conversationId: ${who} must all be members`, { field: 'conversationId' });
    }
  }
  const rateKeys = reachable.map((callee) => callee.rateKey);
  const rate = decideRate(facts.rateWindow, rateKeys, limits, nowMs);
  if (!rate.allowed) {
    const limit = rate.scope === 'all' ? 'too many calls' : 'too many calls to this user';
    return refuse('resource-exhausted', `${limit}; try again in ${rate.retryAfterSeconds} s`, {
      retryAfterSeconds: rate.retryAfterSeconds,
    });
  }
  const photoURL = cleanPhotoURL(caller.profile?.photoURL);
  return {
    kind: 'admit',
    createConversation: !facts.conversation,
    // Cleaned here, where the name enters every push and the history: profiles and Auth names are the caller's to write.
    callerName: cleanDisplayName(caller.profile?.displayName) ?? cleanDisplayName(caller.authName) ?? UNNAMED_CALLER,
    ...(photoURL ? { callerPhotoURL: photoURL } : {}),
    rung: reachable.map((callee) => ({
      calleeId: callee.calleeId,
      online: isOnline(callee.presence, nowMs),
      // In another call: born busy, or, with call waiting, rung as a waiting call.
      ...(isBusy(callee.inCallAliveAt, nowMs, livenessMs)
        ? callWaiting
          ? { busy: false, waiting: true }
          : { busy: true }
        : { busy: false }),
    })),
    unavailableIds: callees.filter((callee) => callee.blockedCaller).map((callee) => callee.calleeId),
    rateKeys,
    nextRateWindow: rate.next,
  };
}
