import { randomUUID } from 'node:crypto';
import { doc, serverTimestamp, setDoc } from 'firebase/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import type {
  CalleeInvitation,
  RegisterDeviceRequest,
  RegisterDeviceResponse,
  SendCallInvitationRequest,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
  UnavailableCallee,
} from '../../functions/src/contract/index.js';
import type { Collections } from '../../functions/src/adapters/firestore/collections.js';
import { writeNewCall } from '../../functions/src/adapters/firestore/new-call-writes.js';
import { decideCallEvent } from '../../functions/src/domain/call/call-events.js';
import { type NewCall, newCall } from '../../functions/src/domain/call/new-call.js';
import { LIVENESS_DEFAULTS, livenessOf } from '../../functions/src/domain/call/liveness.js';
import { adminDb } from './admin.js';
import type { AppUser } from './client.js';
import { recorder } from './recorder.js';
import type { IncomingCall } from '../../client/src/index.js';
import { DEFAULT_MAX_CALL_PARTICIPANTS } from '../../functions/src/contract/calls.js';

/** The default liveness settings, as handlers run by a test directly (not through the emulator) use them. */
export const defaultLiveness = () => livenessOf(LIVENESS_DEFAULTS.heartbeatSeconds, LIVENESS_DEFAULTS.timeoutSeconds);
const LIVENESS_MS = defaultLiveness().timeoutMs;

/** What a test's request asks of sendCallInvitation, placed through the library as an app would. */
async function place(caller: AppUser, request: SendCallInvitationRequest) {
  const { calleeId, calleeIds, ...options } = request;
  return caller.beckon.call(calleeIds ?? (calleeId as string), options);
}

/** A call to one callee (`calleeId`): the one-to-one answer. */
export async function sendInvitation(caller: AppUser, request: SendCallInvitationRequest): Promise<SendCallInvitationResponse> {
  const call = await place(caller, request);
  if (call.group) throw new Error('expected a one-to-one call: give calleeId');
  return call.answer;
}

/** A call with `calleeIds`: the group answer, however many are rung. */
export async function sendGroupCall(caller: AppUser, request: SendCallInvitationRequest): Promise<SendGroupCallInvitationResponse> {
  if (!request.calleeIds) throw new Error('a group call names its callees in calleeIds');
  const call = await place(caller, request);
  if (!call.group) throw new Error('calleeIds answered in the one-to-one shape');
  return call.answer;
}

/** The invitations of a group call's answer that rang (each has an id), without the callees listed as unavailable. */
export const rungInvitations = (sent: { invitations: (CalleeInvitation | UnavailableCallee)[] }): CalleeInvitation[] =>
  sent.invitations.filter((invitation): invitation is CalleeInvitation => 'invitationId' in invitation);

/** The invitation a group call rang for this callee. */
export function invitationFor(sent: { invitations: (CalleeInvitation | UnavailableCallee)[] }, callee: { uid: string }): string {
  const found = rungInvitations(sent).find((invitation) => invitation.calleeId === callee.uid);
  if (!found) throw new Error(`no invitation for ${callee.uid}`);
  return found.invitationId;
}

/**
 * A group conversation, as the chat app's own backend makes one: Beckon creates direct
 * conversations itself but only reads the members of others.
 */
export async function groupConversation(members: AppUser[]): Promise<string> {
  const ref = adminDb().collection('conversations').doc();
  const now = Timestamp.now();
  await ref.set({ memberIds: members.map((member) => member.uid), createdAt: now, lastMessageAt: now });
  return ref.id;
}

/** Registers a device, with a fresh FCM token unless the request gives one (or `fcmToken: undefined`, for none). */
export function registerDevice(
  user: AppUser,
  request: Partial<RegisterDeviceRequest> & Pick<RegisterDeviceRequest, 'platform'>,
): Promise<RegisterDeviceResponse> {
  const { fcmToken, ...rest } = request;
  const token = 'fcmToken' in request ? fcmToken : `token-${randomUUID()}`;
  return user.beckon.registerDevice({
    deviceId: `device-${randomUUID()}`,
    ...(token === undefined ? {} : { fcmToken: token }),
    ...rest,
  } as RegisterDeviceRequest);
}

/** The heartbeat an app writes while it is in the foreground. */
export async function goOnline(user: AppUser): Promise<void> {
  await setDoc(doc(user.db, 'presence', user.uid), { state: 'online', lastSeenAt: serverTimestamp() });
}

/** An app that went away without saying so: its last heartbeat is two minutes old. Rules forbid a client this. */
export async function leaveStalePresence(user: AppUser): Promise<void> {
  await adminDb()
    .doc(`presence/${user.uid}`)
    .set({ state: 'online', lastSeenAt: Timestamp.fromMillis(Date.now() - 120_000) });
}

export async function setProfile(user: AppUser, displayName: string): Promise<void> {
  await setDoc(doc(user.db, 'users', user.uid), { displayName });
}

/** A refusal's code as the callable sent it: the library's BeckonError has it bare, the SDK prefixes `functions/`. */
const codeOf = (error: unknown): string => String((error as { code?: unknown }).code).replace(/^functions\//, '');

/** What a failed callable answered, as a client sees it. */
export async function callError(promise: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { message, details } = error as { message: string; details: unknown };
    return { code: codeOf(error), message, details };
  }
  throw new Error('expected the call to fail, and it succeeded');
}

export const respond = (callee: AppUser, invitationId: string, action: 'accept' | 'decline', deviceId?: string) =>
  callee.beckon.respond(invitationId, action, deviceId ? { deviceId } : {});
/** One-to-one: the call's id is the invitation's. */
/** The caller stops the call's rings (a one-to-one call's id is its invitation's). */
export const cancelCall = (caller: AppUser, callId: string) => caller.beckon.cancelCall(callId);
export const endCall = (user: AppUser, callId: string) => user.beckon.endCall(callId);
export const leaveCall = (user: AppUser, callId: string, forEveryone?: boolean) =>
  user.beckon.endCall(callId, forEveryone ? { forEveryone } : {});
export const joinCall = (user: AppUser, callId: string) => user.beckon.joinCall(callId);

/** Settles every promise and sorts the outcomes: how a race is judged. */
export async function outcomes<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: { code: string; details: unknown }[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    ok: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    errors: settled.flatMap((s) =>
      s.status === 'rejected' ? [{ code: codeOf(s.reason), details: (s.reason as { details: unknown }).details }] : [],
    ),
  };
}

/** What a stored call may be made of; every field has a default, so a test names only what it cares about. */
export interface StoredCallInput {
  invitationId: string;
  callerId?: string;
  calleeId?: string;
  conversationId?: string;
  /** When it was placed, epoch ms: in the past for a call that is overdue. */
  nowMs?: number;
  ringTimeoutMs?: number;
  /** The invitation's status when stored, for a state no client can reach in time (a trigger that runs late). */
  status?: 'ringing' | 'cancelled';
}

/**
 * A one-to-one call as sendCallInvitation makes it (the call, its invitation and its history line,
 * with the conversation), made by the domain's newCall and written by the same adapter, writeNewCall,
 * for tests that store one directly to reach a state no client can: a trigger that runs late, an
 * overdue call, a project where no function runs.
 */
export async function storeCall(store: Collections, input: StoredCallInput): Promise<NewCall> {
  const { invitationId, callerId = 'alice', calleeId = 'bob', conversationId = 'c', nowMs = Date.now() } = input;
  const created = newCall({
    callId: invitationId,
    messageId: `m-${invitationId}`,
    roomId: 'r',
    conversationId,
    callerId,
    callerName: 'Alice',
    callType: 'video',
    allowJoin: false,
    group: false,
    maxParticipants: DEFAULT_MAX_CALL_PARTICIPANTS,
    callees: [{ calleeId, invitationId, online: false, busy: false }],
    nowMs,
    ringTimeoutMs: input.ringTimeoutMs ?? 45_000,
  });
  const stored = input.status === 'cancelled' ? cancelled(created) : created;
  const existing = await store.conversation(conversationId).get();
  await writeNewCall(store, {
    callId: invitationId,
    conversationId,
    messageId: stored.message.id,
    created: stored,
    ...(existing.exists ? {} : { newConversationMembers: [callerId, calleeId] }),
    callerId,
    rate: { read: undefined, next: { windowStart: nowMs, count: 1, perCallee: {} }, keys: [] },
    heartbeatSeconds: LIVENESS_DEFAULTS.heartbeatSeconds,
    nowMs,
  });
  return stored;
}

/** The same call with its ring already cancelled by the caller, as the cancel event leaves it, its history line included. */
function cancelled(created: NewCall): NewCall {
  const { call: placed } = created;
  const outcome = decideCallEvent(placed, { kind: 'cancel', by: placed.callerId }, { active: {} }, placed.expiresAtMs - 1, LIVENESS_MS);
  if (outcome.kind !== 'change') throw new Error(`cancelling a stored call gave ${outcome.kind}`);
  const { call, history } = outcome.change;
  const invitations = created.invitations.map((invitation) => ({ ...invitation, status: 'cancelled' as const }));
  const { message } = created;
  const summary = history.call;
  return {
    call,
    invitations,
    message:
      'callInvitation' in message
        ? { ...message, callInvitation: { ...message.callInvitation, status: 'cancelled' }, call: summary }
        : { ...message, call: summary },
  };
}

/** The calls ringing for `user`, through the client library, once `count` of them ring: what their app's incoming-call screen gets. */
export async function ringingFor(user: AppUser, count: number): Promise<IncomingCall[]> {
  const seen = recorder<IncomingCall[]>();
  const stop = user.beckon.onIncomingCalls((calls) => seen.push(calls));
  const calls = await seen.waitFor((list) => list.length === count, `${count} calls to ring`);
  stop();
  return calls;
}
