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
import { type NewInvitationInput, newInvitation } from '../../functions/src/domain/invitation.js';
import { adminDb } from './admin.js';
import type { AppUser } from './client.js';

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
export const cancelCall = (caller: AppUser, invitationId: string) => caller.beckon.cancelCall(invitationId);
export const endCall = (user: AppUser, invitationId: string) => user.beckon.endCall(invitationId);
export const cancelWholeCall = (caller: AppUser, callId: string) => caller.beckon.cancelCall(callId);
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

/**
 * An invitation and its message as sendCallInvitation would make them, for tests that store one
 * directly to reach a state no client can (a trigger that runs late, an overdue call).
 */
export function invitationFixture(input: Partial<NewInvitationInput> & Pick<NewInvitationInput, 'invitationId'>) {
  return newInvitation({
    messageId: `m-${input.invitationId}`,
    roomId: 'r',
    conversationId: 'c',
    callerId: 'alice',
    callerName: 'Alice',
    calleeId: 'bob',
    callType: 'video',
    calleeOnline: false,
    nowMs: Date.now(),
    ringTimeoutMs: 45_000,
    ...input,
  });
}
