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
import type {
  ActiveCallDoc,
  BlockedDoc,
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

type ParsedRequest = Required<Pick<SendCallInvitationRequest, 'calleeId' | 'callType'>> &
  Pick<SendCallInvitationRequest, 'conversationId' | 'requestId'>;

/**
 * Persists first: the system message, the invitation and (if new) the direct conversation are
 * written in one transaction, whatever the callee's presence. Pushing is the trigger's job.
 */
export async function sendCallInvitation(
  deps: SendCallInvitationDeps,
  caller: Caller,
  request: ParsedRequest,
): Promise<SendCallInvitationResponse> {
  const { store } = deps;
  const { calleeId, callType, requestId } = request;
  if (calleeId === caller.uid) {
    throw new BeckonError('invalid-argument', 'calleeId: you cannot call yourself', { field: 'calleeId' });
  }
  const invitationId = requestId ? idempotentInvitationId(caller.uid, requestId) : randomUUID();
  const invitationRef = store.invitation(invitationId);
  const conversationId = request.conversationId ?? directConversationId(caller.uid, calleeId);
  const conversationRef = store.conversation(conversationId);
  const activeCallRef = store.activeCall(calleeId);
  const callerActiveCallRef = store.activeCall(caller.uid);
  const blockedRef = store.blocked(calleeId, caller.uid);
  const rateRef = store.rateLimit(caller.uid);
  const ringTimeoutMs = deps.ringTimeoutMs();
  // What needs no transaction (the callee's Auth record, presence and the caller's profile only
  // inform the call) is read while the transaction reads: the ring path waits for one round trip.
  const context = readCallContext(deps, caller.uid, calleeId);
  // Awaited inside the transaction; a refusal before that must not leave it an unhandled rejection.
  context.catch(() => undefined);

  const outcome = await store.db.runTransaction(async (tx) => {
    // One batched read, so the transaction starts and reads in a single round trip.
    const refs = [
      conversationRef,
      activeCallRef,
      callerActiveCallRef,
      blockedRef,
      ...(requestId ? [invitationRef] : []),
    ] as DocumentReference<unknown>[];
    const snapshots = await tx.getAll(...refs);
    const [conversationSnap, calleeActiveCall, callerActiveCall, blockedByCallee, previous] = snapshots as [
      DocumentSnapshot<ConversationDoc>,
      DocumentSnapshot<ActiveCallDoc>,
      DocumentSnapshot<ActiveCallDoc>,
      DocumentSnapshot<BlockedDoc>,
      DocumentSnapshot<InvitationDoc> | undefined,
    ];
    const previousDoc = previous?.data();
    if (previousDoc) {
      const invitation = invitationFromDoc(invitationId, previousDoc);
      if (!isSameRequest(invitation, calleeId, callType)) {
        throw new BeckonError('already-exists', 'requestId: already used for a different call', { field: 'requestId' });
      }
      const messageSnap = await tx.get(store.messages(invitation.conversationId).doc(invitation.messageId));
      const messageDoc = messageSnap.data();
      const message = messageDoc && systemMessageFromDoc(messageSnap.id, messageDoc);
      if (!message) throw new Error(`invitation ${invitationId} has no system message`);
      return { replayed: true, response: sendCallInvitationResponse(invitation, message) };
    }

    const callerActive = callerActiveCall.data();
    if (callerActive && isBusy(callerActive.since.toMillis(), deps.now())) {
      throw new BeckonError('failed-precondition', 'you are already in another call; end it first', {
        activeInvitationId: callerActive.invitationId,
      });
    }
    // Neutral on purpose: a blocked caller must not learn that they were blocked.
    if (blockedByCallee.exists) throw new BeckonError('permission-denied', 'calleeId: this user cannot be called', { field: 'calleeId' });
    const { calleeExists, presence, callerProfile, rateWindowNow } = await context;
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

    const nowMs = deps.now();
    const rate = decideRate(rateWindowNow, calleeKey(calleeId), deps.rateLimits(), nowMs);
    if (!rate.allowed) {
      const limit = rate.scope === 'all' ? 'too many calls' : 'too many calls to this user';
      throw new BeckonError('resource-exhausted', `${limit}; try again in ${rate.retryAfterSeconds} s`, {
        retryAfterSeconds: rate.retryAfterSeconds,
      });
    }
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
      ringTimeoutMs,
      busy: isBusy(calleeActiveCall.data()?.since.toMillis(), nowMs),
    });

    if (conversation) {
      tx.update(conversationRef, { lastMessageAt: now });
    } else {
      tx.create(conversationRef, { memberIds: [caller.uid, calleeId], createdAt: now, lastMessageAt: now });
    }
    tx.create(messageRef, messageToDoc(message));
    tx.create(invitationRef, invitationToDoc(invitation));
    writeRateWindow(tx, rateRef, rateWindowNow, rate.next, calleeKey(calleeId));
    return { replayed: false, response: sendCallInvitationResponse(invitation, message) };
  });

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

/**
 * What informs the call without deciding it: the callee's Auth record, presence, the caller's
 * profile, and the caller's rate window. The window is read here, not in the transaction: every
 * invitation of one caller writes that one document, and a transactional read of it would
 * serialize (and, under load, time out) a caller's concurrent calls. See writeRateWindow.
 */
async function readCallContext(deps: SendCallInvitationDeps, callerId: string, calleeId: string) {
  const { store } = deps;
  const [calleeExists, [presenceSnap, profileSnap, rateSnap]] = await Promise.all([
    deps.userExists(calleeId),
    store.db.getAll(store.presence(calleeId), store.userProfile(callerId), store.rateLimit(callerId)) as Promise<
      [DocumentSnapshot<PresenceDoc>, DocumentSnapshot<UserProfileDoc>, DocumentSnapshot<RateLimitDoc>]
    >,
  ]);
  return {
    calleeExists,
    presence: clientDocData(presenceSnap),
    callerProfile: clientDocData(profileSnap),
    rateWindowNow: rateWindow(rateSnap.data()),
  };
}
