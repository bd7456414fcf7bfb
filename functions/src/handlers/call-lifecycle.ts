import { Timestamp, type UpdateData } from 'firebase-admin/firestore';
import type { InvitationStatus } from '../contract/index.js';
import { BeckonError } from '../domain/beckon-error.js';
import { type CallAction, type MovedStatus, acceptConflict, decide, isSameAccept } from '../domain/call-state.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { InvitationDoc } from '../adapters/firestore/documents.js';
import { activeCallEntry, activeCallFacts, callStateOf, readActiveCalls } from '../adapters/firestore/call-mapping.js';
import { writeCallChange } from '../adapters/firestore/call-writes.js';
import { calleeStateOf, participants, settle, withCallee } from '../domain/group-call.js';
import { type LogEvent, logEvent, logWarning } from '../logs.js';
import { logCallChange } from './call-log.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';

export interface LifecycleDeps {
  store: Collections;
  now(): number;
}

export interface CallAfterAction {
  status: InvitationStatus;
  roomId: string;
  conversationId: string;
}

const EVENT: Record<MovedStatus, LogEvent> = {
  accepted: 'invitation.accepted',
  declined: 'invitation.declined',
  cancelled: 'invitation.cancelled',
  missed: 'invitation.missed',
  ended: 'invitation.ended',
};

/** A refusal that the state of the call, not the caller's rights, decided. */
const staleAction = (reason: string) => ({ code: 'failed-precondition' as const, reason, markMissed: false });

/**
 * Applies one action to a call in a transaction: the invitation and its history message change
 * together with the call (`calls/{callId}`, which every invitation has), and of two racing actions exactly one wins (the other sees the new status and is
 * refused with `failed-precondition`). Repeating the action that won answers as it did and
 * changes nothing, so a client may retry after a lost answer; a repeated accept counts only from
 * the device that won. `actorId` is undefined for the ring timer; `deviceId` is the accepting
 * device, when the app names it.
 */
export async function applyCallAction(
  deps: LifecycleDeps,
  invitationId: string,
  action: CallAction,
  actorId: string | undefined,
  deviceId?: string,
): Promise<CallAfterAction | undefined> {
  const { store } = deps;
  const ref = store.invitation(invitationId);
  const result = await runContendedTransaction(store.db, async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) throw new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });
    // The call document moves with the invitation: read in the same transaction, it is also what
    // serializes the callees of one group call (each change of any of them writes it).
    const { callId } = doc;
    const callDoc = (await tx.get(store.call(callId))).data();
    if (!callDoc) throw new Error(`invitation ${invitationId} has no call ${callId}`);
    const nowMs = deps.now();
    const decision = decide(
      { status: doc.status, callerId: doc.callerId, calleeId: doc.calleeId, expiresAt: doc.expiresAt.toMillis() },
      action,
      actorId,
      nowMs,
    );
    if (decision.kind === 'ignore') return { doc, moved: undefined, refusal: undefined };
    if (decision.kind === 'repeat') {
      const acceptedBy = action === 'accept' ? (await tx.get(store.activeCall(doc.calleeId))).data() : undefined;
      if (action === 'accept' && !isSameAccept(invitationId, acceptedBy, deviceId)) {
        return { doc, moved: undefined, refusal: staleAction('the call was answered on another device'), details: undefined };
      }
      return { doc, moved: undefined, refusal: undefined, repeated: true };
    }
    const to: MovedStatus | undefined = decision.kind === 'move' ? decision.to : decision.markMissed ? 'missed' : undefined;
    const callBefore = callStateOf(callDoc);
    const change = to ? settle(withCallee(callBefore, doc.calleeId, calleeStateOf(to))) : undefined;

    // Reads come before writes in a transaction: an ending call frees only what is still its own,
    // and an accepted call takes a party's place only if it is free.
    const watched = [doc.callerId, doc.calleeId, ...participants(callBefore)];
    const readsActive = to === 'ended' || to === 'accepted' || change?.ended === true;
    const activeCalls = readsActive ? await readActiveCalls(tx, store, watched) : [];
    const activeOf = (uid: string) => activeCalls.find((snapshot) => snapshot.id === uid)?.data();
    if (to === 'accepted') {
      const conflict = acceptConflict(callId, activeCallFacts(activeOf(doc.callerId)), activeCallFacts(activeOf(doc.calleeId)), nowMs);
      if (conflict) return { doc, moved: undefined, refusal: staleAction(conflict.reason), details: conflict.details };
    }
    if (to && change) {
      const now = Timestamp.fromMillis(nowMs);
      const update: UpdateData<InvitationDoc> =
        to === 'ended'
          ? { status: to, endedAt: now, endedBy: actorId ?? 'system' }
          : { status: to, respondedAt: now, respondedBy: to === 'missed' ? null : (actorId ?? null) };
      tx.update(ref, update);
      if (to === 'accepted') {
        const call = { callId, invitationId, roomId: doc.roomId, conversationId: doc.conversationId };
        // In a group call the caller is in it from the first accept: later ones leave their entry.
        if (activeOf(doc.callerId)?.callId !== callId) tx.set(store.activeCall(doc.callerId), activeCallEntry(call, nowMs));
        // Which of the callee's devices joined: a repeated accept from it gets the room again.
        tx.set(store.activeCall(doc.calleeId), activeCallEntry(call, nowMs, deviceId ?? null));
      }
      const moved = writeCallChange(tx, store, {
        callId,
        before: callDoc,
        change,
        actorId,
        nowMs,
        moved: { [doc.calleeId]: to },
        activeCalls,
      });
      const call = { callId, from: callDoc.status, to: change.call.status, invitations: moved };
      return { doc, moved: to, call, refusal: decision.kind === 'refuse' ? decision : undefined, details: undefined };
    }
    return { doc, moved: to, refusal: decision.kind === 'refuse' ? decision : undefined, details: undefined };
  });

  const ids = { invitationId, callerId: result.doc.callerId, calleeId: result.doc.calleeId };
  if (result.moved) logEvent(EVENT[result.moved], { ...ids, action, actorId: actorId ?? 'timer', status: result.moved });
  if (result.call) logCallChange(result.call, actorId);
  if (result.refusal) {
    const status = result.moved ?? result.doc.status;
    logWarning('invitation.action.refused', { ...ids, action, actorId, status, reason: result.refusal.reason });
    throw new BeckonError(result.refusal.code, result.refusal.reason, { status, ...result.details });
  }
  if (result.repeated) {
    logEvent('invitation.action.repeated', { ...ids, action, actorId, status: result.doc.status });
    return { status: result.doc.status, roomId: result.doc.roomId, conversationId: result.doc.conversationId };
  }
  if (!result.moved) return undefined;
  return { status: result.moved, roomId: result.doc.roomId, conversationId: result.doc.conversationId };
}
