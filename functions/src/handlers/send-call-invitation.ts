import { randomUUID } from 'node:crypto';
import { type DocumentReference, type DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { SendCallInvitationResponse } from '../contract/index.js';
import type { SendCallInvitationRequest } from '../contract/index.js';
import { BeckonError } from '../domain/beckon-error.js';
import { directConversationId, idempotentInvitationId } from '../domain/conversation-ids.js';
import { isSameRequest, newInvitation, sendCallInvitationResponse } from '../domain/invitation.js';
import { isOnline } from '../domain/presence.js';
import { isBusy } from '../domain/call-state.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { invitationFromDoc, invitationToDoc, messageToDoc, systemMessageFromDoc } from '../adapters/firestore/invitation-mapping.js';
import { clientDocData } from '../adapters/firestore/safe-read.js';
import { isCreateConflict } from '../adapters/firestore/write-conflict.js';
import type {
  ActiveCallDoc,
  BlockedDoc,
  ConversationDoc,
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

type ParsedRequest = Required<Pick<SendCallInvitationRequest, 'calleeId' | 'callType'>> &
  Pick<SendCallInvitationRequest, 'conversationId' | 'requestId'>;

/** A commit that lost a race for a new direct conversation is tried again, this many times in all. */
const MAX_ATTEMPTS = 3;

/**
 * Persists first: the system message, the invitation and (if new) the direct conversation are
 * written in one atomic batch, whatever the callee's presence. Pushing is the trigger's job.
 *
 * The ring path is one round of parallel reads and one commit, not a transaction (a read round
 * trip, then a commit). `create()` preconditions do the transaction's work where it matters: an
 * invitation id derived from the requestId cannot be created twice, so retries, even concurrent
 * ones, give one invitation and one message (and a first call reads no invitation); a direct
 * conversation created meanwhile by the other party's call fails the batch, which is then tried
 * again. What is given up (BENCHMARKS.md): a busy or
 * block state that changes in the milliseconds between the reads and the commit is not seen by
 * this call; accepting still refuses a second active call, so nobody ends up in two.
 */
export async function sendCallInvitation(
  deps: SendCallInvitationDeps,
  caller: Caller,
  request: ParsedRequest,
): Promise<SendCallInvitationResponse> {
  const { calleeId, callType, requestId } = request;
  if (calleeId === caller.uid) {
    throw new BeckonError('invalid-argument', 'calleeId: you cannot call yourself', { field: 'calleeId' });
  }
  const invitationId = requestId ? idempotentInvitationId(caller.uid, requestId) : randomUUID();
  let outcome: { replayed: boolean; response: SendCallInvitationResponse } | undefined;
  for (let attempt = 1; !outcome; attempt++) {
    try {
      outcome = await persistInvitation(deps, caller, request, invitationId);
    } catch (error) {
      const conflict = isCreateConflict(error);
      // A request already stored answers as it did the first time: when its create() lost to a
      // concurrent retry, and also when a check would now refuse it (the caller is in that very
      // call by now, or their rate window filled since). Only then is the invitation read.
      const mayBeStored = requestId !== undefined && (conflict || error instanceof BeckonError);
      const replay = mayBeStored ? await replayed(deps.store, invitationId, calleeId, callType) : undefined;
      if (replay) {
        outcome = { replayed: true, response: replay };
      } else if (!conflict || attempt >= MAX_ATTEMPTS) {
        throw error;
      } else {
        const reason = 'a document it creates appeared meanwhile';
        logEvent('invitation.write.retried', { invitationId, callerId: caller.uid, calleeId, attempt, reason });
      }
    }
  }

  const { response } = outcome;
  const event = outcome.replayed ? 'invitation.replayed' : response.status === 'busy' ? 'invitation.busy' : 'invitation.persisted';
  logEvent(event, {
    invitationId: response.invitationId,
    callerId: caller.uid,
    calleeId,
    conversationId: response.conversationId,
    callType,
    calleeOnline: response.calleeOnline,
    ...(requestId === undefined ? {} : { requestId }),
  });
  return response;
}

/** One round of reads, the checks, one atomic commit. */
async function persistInvitation(
  deps: SendCallInvitationDeps,
  caller: Caller,
  request: ParsedRequest,
  invitationId: string,
): Promise<{ replayed: boolean; response: SendCallInvitationResponse }> {
  const { store } = deps;
  const { calleeId, callType, requestId } = request;
  const invitationRef = store.invitation(invitationId);
  const conversationId = request.conversationId ?? directConversationId(caller.uid, calleeId);
  const conversationRef = store.conversation(conversationId);
  const rateRef = store.rateLimit(caller.uid);
  const refs = [
    conversationRef,
    store.activeCall(calleeId),
    store.activeCall(caller.uid),
    store.blocked(calleeId, caller.uid),
    store.presence(calleeId),
    store.userProfile(caller.uid),
    rateRef,
  ] as DocumentReference[];
  const [calleeExists, snapshots] = await Promise.all([deps.userExists(calleeId), store.db.getAll(...refs)]);
  const [conversationSnap, calleeActiveCall, callerActiveCall, blockedByCallee, presenceSnap, profileSnap, rateSnap] = snapshots as [
    DocumentSnapshot<ConversationDoc>,
    DocumentSnapshot<ActiveCallDoc>,
    DocumentSnapshot<ActiveCallDoc>,
    DocumentSnapshot<BlockedDoc>,
    DocumentSnapshot<PresenceDoc>,
    DocumentSnapshot<UserProfileDoc>,
    DocumentSnapshot<RateLimitDoc>,
  ];

  const nowMs = deps.now();
  const callerActive = callerActiveCall.data();
  if (callerActive && isBusy(callerActive.since.toMillis(), nowMs)) {
    throw new BeckonError('failed-precondition', 'you are already in another call; end it first', {
      activeInvitationId: callerActive.invitationId,
    });
  }
  // Neutral on purpose: a blocked caller must not learn that they were blocked.
  if (blockedByCallee.exists) throw new BeckonError('permission-denied', 'calleeId: this user cannot be called', { field: 'calleeId' });
  if (!calleeExists) throw new BeckonError('not-found', 'calleeId: no such user', { field: 'calleeId' });
  const conversation = conversationSnap.data();
  if (request.conversationId !== undefined) {
    if (!conversation) throw new BeckonError('not-found', 'conversationId: no such conversation', { field: 'conversationId' });
    if (!conversation.memberIds.includes(caller.uid) || !conversation.memberIds.includes(calleeId)) {
      throw new BeckonError('permission-denied', 'conversationId: caller and callee must both be members', {
        field: 'conversationId',
      });
    }
  }

  const rateWindowNow = rateWindow(rateSnap.data());
  const rate = decideRate(rateWindowNow, calleeKey(calleeId), deps.rateLimits(), nowMs);
  if (!rate.allowed) {
    const limit = rate.scope === 'all' ? 'too many calls' : 'too many calls to this user';
    throw new BeckonError('resource-exhausted', `${limit}; try again in ${rate.retryAfterSeconds} s`, {
      retryAfterSeconds: rate.retryAfterSeconds,
    });
  }
  const presence = clientDocData(presenceSnap);
  const callerProfile = clientDocData(profileSnap);
  const now = Timestamp.fromMillis(nowMs);
  const messageRef = store.messages(conversationId).doc();
  const { invitation, message } = newInvitation({
    invitationId,
    messageId: messageRef.id,
    roomId: randomUUID(),
    conversationId,
    callerId: caller.uid,
    callerName: callerProfile?.displayName || caller.name || 'Someone',
    ...(callerProfile?.photoURL ? { callerPhotoURL: callerProfile.photoURL } : {}),
    calleeId,
    callType,
    ...(requestId === undefined ? {} : { requestId }),
    calleeOnline: isOnline(presence && { state: presence.state, lastSeenAt: presence.lastSeenAt.toMillis() }, nowMs),
    nowMs,
    ringTimeoutMs: deps.ringTimeoutMs(),
    busy: isBusy(calleeActiveCall.data()?.since.toMillis(), nowMs),
  });

  const batch = store.db.batch();
  if (conversation) {
    batch.update(conversationRef, { lastMessageAt: now });
  } else {
    batch.create(conversationRef, { memberIds: [caller.uid, calleeId], createdAt: now, lastMessageAt: now });
  }
  batch.create(messageRef, messageToDoc(message));
  batch.create(invitationRef, invitationToDoc(invitation));
  writeRateWindow(batch, rateRef, rateWindowNow, rate.next, calleeKey(calleeId));
  await batch.commit();
  return { replayed: false, response: sendCallInvitationResponse(invitation, message) };
}

/**
 * The answer a request already stored (same caller, same requestId), or undefined when there is
 * none yet. A requestId reused for a different call is `already-exists`.
 */
async function replayed(
  store: Collections,
  invitationId: string,
  calleeId: string,
  callType: ParsedRequest['callType'],
): Promise<SendCallInvitationResponse | undefined> {
  const doc = (await store.invitation(invitationId).get()).data();
  if (!doc) return undefined;
  const invitation = invitationFromDoc(invitationId, doc);
  if (!isSameRequest(invitation, calleeId, callType)) {
    throw new BeckonError('already-exists', 'requestId: already used for a different call', { field: 'requestId' });
  }
  const messageSnap = await store.messages(invitation.conversationId).doc(invitation.messageId).get();
  const messageDoc = messageSnap.data();
  const message = messageDoc && systemMessageFromDoc(messageSnap.id, messageDoc);
  if (!message) throw new Error(`invitation ${invitationId} has no system message`);
  return sendCallInvitationResponse(invitation, message);
}
