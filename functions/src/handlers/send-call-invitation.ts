import { randomUUID } from 'node:crypto';
import { type DocumentReference, type DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type {
  CallStatus,
  GroupSystemMessageView,
  SendCallInvitationRequest,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
} from '../contract/index.js';
import { BeckonError } from '../domain/beckon-error.js';
import { directConversationId, groupInvitationId, idempotentInvitationId } from '../domain/conversation-ids.js';
import { type Invitation, type SystemMessage, sendCallInvitationResponse } from '../domain/invitation.js';
import { type NewCall, isSameCallRequest, newCall } from '../domain/new-call.js';
import { isOnline } from '../domain/presence.js';
import { isBusy } from '../domain/call-state.js';
import type { Collections } from '../adapters/firestore/collections.js';
import {
  groupMessageFromDoc,
  invitationFromDoc,
  invitationToDoc,
  messageToDoc,
  systemMessageFromDoc,
} from '../adapters/firestore/invitation-mapping.js';
import { clientDocData } from '../adapters/firestore/safe-read.js';
import { UNNAMED_CALLER, cleanDisplayName, cleanPhotoURL } from '../domain/caller-identity.js';
import { isCreateConflict } from '../adapters/firestore/write-conflict.js';
import type {
  ActiveCallDoc,
  BlockedDoc,
  CallDoc,
  ConversationDoc,
  InvitationDoc,
  PresenceDoc,
  RateLimitDoc,
  UserProfileDoc,
} from '../adapters/firestore/documents.js';
import { calleeKey, rateWindow, writeRateWindow } from '../adapters/firestore/rate-limit-doc.js';
import { type RateLimits, decideRate } from '../domain/rate-limit.js';
import { logEvent } from '../logs.js';

export interface Caller {
  uid: string;
  /** The Auth display name from the ID token, the fallback for the name the callee sees. */
  name?: string;
}

export interface SendCallInvitationDeps {
  store: Collections;
  rateLimits(): RateLimits;
  userExists(uid: string): Promise<boolean>;
  ringTimeoutMs(): number;
  now(): number;
}

type ParsedRequest = Pick<
  SendCallInvitationRequest,
  'calleeId' | 'calleeIds' | 'conversationId' | 'requestId' | 'allowJoin' | 'ringSeconds'
> &
  Required<Pick<SendCallInvitationRequest, 'callType'>>;

export type SendCallAnswer = SendCallInvitationResponse | SendGroupCallInvitationResponse;

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
export async function sendCallInvitation(deps: SendCallInvitationDeps, caller: Caller, request: ParsedRequest): Promise<SendCallAnswer> {
  const { callType, requestId } = request;
  const calleeIds = request.calleeIds ?? (request.calleeId === undefined ? [] : [request.calleeId]);
  const field = request.calleeIds ? 'calleeIds' : 'calleeId';
  if (calleeIds.includes(caller.uid)) throw new BeckonError('invalid-argument', `${field}: you cannot call yourself`, { field });
  const callId = requestId ? idempotentInvitationId(caller.uid, requestId) : randomUUID();
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

/** One-to-one: the invitation's id is the call's (as before calls existed). A group call: one derived id each. */
function invitationIdsFor(callId: string, calleeIds: string[], group: boolean): Record<string, string> {
  if (!group) return Object.fromEntries(calleeIds.map((uid) => [uid, callId]));
  return Object.fromEntries(calleeIds.map((uid) => [uid, groupInvitationId(callId, uid)]));
}

/** What the ring path reads of one callee. */
const CALLEE_READS = 3;

/** One round of reads, the checks, one atomic commit. */
async function persistCall(
  deps: SendCallInvitationDeps,
  caller: Caller,
  request: ParsedRequest,
  ring: RingPlan,
): Promise<{ replayed: boolean; response: SendCallAnswer }> {
  const { store } = deps;
  const { callType, requestId } = request;
  const { callId, calleeIds, field } = ring;
  const [firstCallee] = calleeIds;
  if (firstCallee === undefined) throw new BeckonError('invalid-argument', `${field}: name a callee`, { field });
  const conversationId = request.conversationId ?? directConversationId(caller.uid, firstCallee);
  const conversationRef = store.conversation(conversationId);
  const rateRef = store.rateLimit(caller.uid);
  const refs = [
    conversationRef,
    store.activeCall(caller.uid),
    store.userProfile(caller.uid),
    rateRef,
    ...calleeIds.flatMap((uid) => [store.activeCall(uid), store.blocked(uid, caller.uid), store.presence(uid)]),
  ] as DocumentReference[];
  const [exists, snapshots] = await Promise.all([Promise.all(calleeIds.map((uid) => deps.userExists(uid))), store.db.getAll(...refs)]);
  const [conversationSnap, callerActiveCall, profileSnap, rateSnap] = snapshots as [
    DocumentSnapshot<ConversationDoc>,
    DocumentSnapshot<ActiveCallDoc>,
    DocumentSnapshot<UserProfileDoc>,
    DocumentSnapshot<RateLimitDoc>,
  ];
  const calleeSnaps = calleeIds.map((calleeId, index) => {
    const [active, blocked, presence] = snapshots.slice(4 + index * CALLEE_READS, 4 + (index + 1) * CALLEE_READS) as [
      DocumentSnapshot<ActiveCallDoc>,
      DocumentSnapshot<BlockedDoc>,
      DocumentSnapshot<PresenceDoc>,
    ];
    return { calleeId, active, blocked, presence, exists: exists[index] === true };
  });

  const nowMs = deps.now();
  const callerActive = callerActiveCall.data();
  if (callerActive && isBusy(callerActive.since.toMillis(), nowMs)) {
    throw new BeckonError('failed-precondition', 'you are already in another call; end it first', {
      activeInvitationId: callerActive.invitationId,
    });
  }
  // A callee who blocked the caller is not rung. The caller learns that this callee cannot be
  // called by them, and nothing more: a one-to-one call is refused, a group call lists them as
  // `unavailable` and goes to the others; the history the others read names only those rung.
  const reachable = calleeSnaps.filter((callee) => !callee.blocked.exists);
  if (reachable.length === 0) throw new BeckonError('permission-denied', `${field}: this user cannot be called`, { field });
  const unknown = calleeSnaps.find((callee) => !callee.exists);
  if (unknown)
    throw new BeckonError('not-found', `${field}: no such user`, {
      field,
      ...(calleeIds.length > 1 ? { calleeId: unknown.calleeId } : {}),
    });
  const conversation = conversationSnap.data();
  if (request.conversationId !== undefined) {
    if (!conversation) throw new BeckonError('not-found', 'conversationId: no such conversation', { field: 'conversationId' });
    if (![caller.uid, ...calleeIds].every((uid) => conversation.memberIds.includes(uid))) {
      const who = calleeIds.length > 1 ? 'caller and callees' : 'caller and callee';
      throw new BeckonError('permission-denied', `conversationId: ${who} must all be members`, { field: 'conversationId' });
    }
  }

  const keys = reachable.map((callee) => calleeKey(callee.calleeId));
  const rateWindowNow = rateWindow(rateSnap.data());
  const rate = decideRate(rateWindowNow, keys, deps.rateLimits(), nowMs);
  if (!rate.allowed) {
    const limit = rate.scope === 'all' ? 'too many calls' : 'too many calls to this user';
    throw new BeckonError('resource-exhausted', `${limit}; try again in ${rate.retryAfterSeconds} s`, {
      retryAfterSeconds: rate.retryAfterSeconds,
    });
  }
  const callerProfile = clientDocData(profileSnap);
  const photoURL = cleanPhotoURL(callerProfile?.photoURL);
  const now = Timestamp.fromMillis(nowMs);
  const messageRef = store.messages(conversationId).doc();
  const created = newCall({
    callId,
    messageId: messageRef.id,
    roomId: randomUUID(),
    conversationId,
    callerId: caller.uid,
    // Cleaned here, where the name enters every push and the history: profiles and Auth names are the caller's to write.
    callerName: cleanDisplayName(callerProfile?.displayName) ?? cleanDisplayName(caller.name) ?? UNNAMED_CALLER,
    ...(photoURL ? { callerPhotoURL: photoURL } : {}),
    callType,
    ...(requestId === undefined ? {} : { requestId }),
    allowJoin: request.allowJoin ?? false,
    group: ring.group,
    callees: reachable.map((callee) => {
      const presence = clientDocData(callee.presence);
      return {
        calleeId: callee.calleeId,
        invitationId: ring.invitationIds[callee.calleeId] as string,
        online: isOnline(presence && { state: presence.state, lastSeenAt: presence.lastSeenAt.toMillis() }, nowMs),
        busy: isBusy(callee.active.data()?.since.toMillis(), nowMs),
      };
    }),
    nowMs,
    ringTimeoutMs: request.ringSeconds === undefined ? deps.ringTimeoutMs() : request.ringSeconds * 1000,
  });

  const batch = store.db.batch();
  if (conversation) {
    batch.update(conversationRef, { lastMessageAt: now });
  } else {
    batch.create(conversationRef, { memberIds: [caller.uid, firstCallee], createdAt: now, lastMessageAt: now });
  }
  batch.create(messageRef, messageToDoc(created.message));
  batch.create(store.call(callId), callToDoc(callId, created, conversationId, messageRef.id, requestId));
  for (const invitation of created.invitations) batch.create(store.invitation(invitation.id), invitationToDoc(invitation));
  writeRateWindow(batch, rateRef, rateWindowNow, rate.next, keys);
  await batch.commit();
  return { replayed: false, response: answerOf(callId, calleeIds, created.invitations, created.call.status, created.message) };
}

function callToDoc(callId: string, created: NewCall, conversationId: string, messageId: string, requestId: string | undefined): CallDoc {
  const [first] = created.invitations;
  if (!first) throw new Error(`call ${callId} has no invitation`);
  const calleeIds = created.invitations.map((invitation) => invitation.calleeId);
  return {
    callerId: first.callerId,
    conversationId,
    roomId: first.roomId,
    callType: first.callType,
    messageId,
    memberIds: [first.callerId, ...calleeIds],
    calleeIds,
    invitationIds: Object.fromEntries(created.invitations.map((invitation) => [invitation.calleeId, invitation.id])),
    callees: created.call.callees,
    callerState: created.call.callerIn ? 'in' : 'left',
    status: created.call.status,
    allowJoin: created.call.allowJoin,
    group: !('callInvitation' in created.message),
    createdAt: Timestamp.fromMillis(first.createdAt),
    expiresAt: Timestamp.fromMillis(first.expiresAt),
    ...(created.call.status === 'busy' ? { endedAt: Timestamp.fromMillis(first.createdAt), endedBy: 'system' } : {}),
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/**
 * A one-to-one call (its history line has a `callInvitation`): the one-to-one answer (plus callId
 * and invitations). A group call: the group answer, listing every callee asked in the order given,
 * `unavailable` for one who was not rung.
 */
function answerOf(
  callId: string,
  askedIds: string[],
  invitations: Invitation[],
  status: CallStatus,
  message: SystemMessage | GroupSystemMessageView,
): SendCallAnswer {
  const [first] = invitations;
  if (!first) throw new Error(`call ${callId} has no invitation`);
  if ('callInvitation' in message) return sendCallInvitationResponse(first, message);
  const byCallee = new Map(invitations.map((invitation) => [invitation.calleeId, invitation]));
  return {
    callId,
    conversationId: first.conversationId,
    roomId: first.roomId,
    status,
    expiresAt: first.expiresAt,
    systemMessage: message,
    invitations: askedIds.map((calleeId) => {
      const invitation = byCallee.get(calleeId);
      return invitation
        ? { calleeId, invitationId: invitation.id, status: invitation.status }
        : { calleeId, status: 'unavailable' as const };
    }),
  };
}

/**
 * The answer a request already stored (same caller, same requestId), or undefined when there is
 * none yet. A requestId reused for a different call is `already-exists`.
 */
async function replayed(
  store: Collections,
  callId: string,
  calleeIds: string[],
  callType: ParsedRequest['callType'],
): Promise<SendCallAnswer | undefined> {
  const call = (await store.call(callId).get()).data();
  if (!call) return undefined;
  if (!isSameCallRequest(call, calleeIds, callType)) {
    throw new BeckonError('already-exists', 'requestId: already used for a different call', { field: 'requestId' });
  }
  const [invitationSnaps, messageSnap] = await Promise.all([
    store.db.getAll(...call.calleeIds.map((uid) => store.invitation(call.invitationIds[uid] as string))),
    store.messages(call.conversationId).doc(call.messageId).get(),
  ]);
  const invitations = invitationSnaps.flatMap((snap) => {
    const doc = snap.data() as InvitationDoc | undefined;
    return doc ? [invitationFromDoc(snap.id, doc)] : [];
  });
  const messageDoc = messageSnap.data();
  const message = messageDoc && (systemMessageFromDoc(messageSnap.id, messageDoc) ?? groupMessageFromDoc(messageSnap.id, messageDoc));
  if (!message) throw new Error(`call ${callId} has no system message`);
  return answerOf(callId, calleeIds, invitations, call.status, message);
}
