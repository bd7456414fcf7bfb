import type { Transaction } from 'firebase-admin/firestore';
import type { Collections } from '../adapters/firestore/collections.js';
import { type CallTarget, readCall, readCallFacts } from '../adapters/firestore/call-reads.js';
import { writeCallChange } from '../adapters/firestore/call-writes.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import type { Call, MovedStatus } from '../domain/call/call.js';
import type { CallChange } from '../domain/call/call-changes.js';
import { type CallEvent, type CallFacts, actorOf, decideCallEvent, readsFor } from '../domain/call/call-events.js';
import { type CurrentCall, currentCallOf, decideEndAndAccept } from '../domain/call/call-waiting.js';
import type { Liveness } from '../domain/call/liveness.js';
import { type LogEvent, logEvent, logWarning } from '../logs.js';
import type { HealthCounting } from '../adapters/firestore/health-counters.js';

/** The call after an event, and whether the event was a repeat of one that had already won. */
export interface CallEventResult {
  call: Call;
  repeated: boolean;
}

export interface CallEventDeps {
  store: Collections;
  now(): number;
  liveness(): Liveness;
  /** Whether a media server keeps rooms to close behind whoever leaves (MEDIA_PROVIDER=livekit). */
  closesMediaRooms?(): boolean;
  /** How the rings a change ends are counted in the fleet's delivery health; not counted when absent. */
  healthCounting?(): HealthCounting;
}

/**
 * Runs one event on a call: reads the call, then in one parallel round what the event needs beside
 * it (readsFor), decides (domain/call/call-events.ts), and writes the change, all in one
 * transaction. Of two racing events exactly one wins; the other sees the new state and is refused
 * with `failed-precondition`, unless it repeats the winner, which answers as it did and changes
 * nothing. An accept with `endCurrent` (call waiting) also reads, ends and writes the call the
 * callee is in, in the same transaction (domain/call/call-waiting.ts). Returns the call after the
 * event; a refusal is thrown as a BeckonError (after writing, for an answer that came too late and
 * made the ring missed), and `repeated` when the event had already won (the caller then does no
 * follow-up work: it was done the first time).
 */
export async function runCallEvent(deps: CallEventDeps, target: CallTarget, event: CallEvent): Promise<CallEventResult> {
  const { store } = deps;
  const actorId = actorOf(event);
  const liveness = deps.liveness();
  const { call, outcome, ending } = await runContendedTransaction(store.db, async (tx) => {
    const call = await readCall(tx, store, target.callId);
    const facts = await readCallFacts(tx, store, call, readsFor(call, event), actorId, target.invitationId);
    const nowMs = deps.now();
    const current = await readCurrentCall(tx, store, call, event, facts, nowMs, liveness.timeoutMs);
    const { ending, outcome } =
      event.kind === 'accept' || event.kind === 'join'
        ? decideEndAndAccept(call, event, facts, current, nowMs, liveness.timeoutMs)
        : { ending: undefined, outcome: decideCallEvent(call, event, facts, nowMs, liveness.timeoutMs) };
    const healthCounting = deps.healthCounting?.();
    const context = {
      actorId,
      nowMs,
      heartbeatSeconds: liveness.heartbeatSeconds,
      closesMediaRooms: deps.closesMediaRooms?.() ?? false,
      ...(healthCounting ? { healthCounting } : {}),
    };
    // The current call's end first: the accept then writes the callee's entry for the new call.
    if (ending) writeCallChange(tx, store, ending, context);
    if (outcome.kind === 'change') writeCallChange(tx, store, outcome.change, context);
    return { call, outcome, ending: ending && current ? { change: ending, leave: current.leave } : undefined };
  });

  const ids = { callId: target.callId, ...(target.invitationId ? { invitationId: target.invitationId } : {}), action: event.kind };
  if (ending) logChange(ending.change, ending.leave, actorId);
  if (outcome.kind === 'change') logChange(outcome.change, event, actorId);
  if (outcome.kind === 'repeat') logEvent('invitation.action.repeated', { ...ids, actorId });
  const refusal = outcome.kind === 'refuse' || outcome.kind === 'change' ? outcome.refusal : undefined;
  if (refusal) {
    logWarning(target.invitationId ? 'invitation.action.refused' : 'call.action.refused', {
      ...ids,
      actorId,
      reason: refusal.reason,
      ...refusal.details,
    });
    throw new BeckonError(refusal.code, refusal.reason, refusal.details);
  }
  return { call: outcome.kind === 'change' ? outcome.change.call : call, repeated: outcome.kind === 'repeat' };
}

/** The call a user entering this one is in now, and what leaving it reads (call-waiting.ts). */
async function readCurrentCall(
  tx: Transaction,
  store: Collections,
  call: Call,
  event: CallEvent,
  facts: CallFacts,
  nowMs: number,
  livenessMs: number,
): Promise<CurrentCall | undefined> {
  const found = currentCallOf(call, event, facts, nowMs, livenessMs);
  if (found === undefined) return undefined;
  const current = await readCall(tx, store, found.callId).catch(() => undefined);
  if (!current) return undefined;
  const { leave } = found;
  const actor = leave.kind === 'leave' ? leave.by : undefined;
  return { call: current, facts: await readCallFacts(tx, store, current, readsFor(current, leave), actor, undefined), leave };
}

const MOVED: Record<MovedStatus, LogEvent> = {
  accepted: 'invitation.accepted',
  declined: 'invitation.declined',
  cancelled: 'invitation.cancelled',
  missed: 'invitation.missed',
  ended: 'invitation.ended',
  busy: 'invitation.busy',
};

/** A line per invitation moved, one for whoever left or joined, and one when the call's own status changed. */
function logChange(change: CallChange, event: CallEvent, actorId: string | undefined): void {
  const { before, call } = change;
  const who = { callId: call.callId, action: event.kind, actorId: actorId ?? 'timer' };
  for (const [calleeId, status] of Object.entries(change.invitations)) {
    const invitationId = before.invitationIds[calleeId];
    logEvent(MOVED[status], { ...who, invitationId, callerId: call.callerId, calleeId, status });
  }
  if (event.kind === 'leave') logEvent('call.left', { ...who, forEveryone: event.forEveryone, status: call.status });
  if (event.kind === 'join') logEvent('call.joined', who);
  if (event.kind === 'lost') logEvent('call.participant_lost', { ...who, uid: event.uid, status: call.status });
  if (before.status !== call.status) {
    logEvent(call.status === 'active' ? 'call.started' : 'call.ended', {
      ...who,
      from: before.status,
      status: call.status,
      invitations: change.invitations,
    });
  }
}
