import { randomUUID } from 'node:crypto';
import { doc, serverTimestamp, setDoc } from 'firebase/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import type {
  RegisterDeviceRequest,
  RegisterDeviceResponse,
  RespondToCallInvitationResponse,
  JoinCallResponse,
  SendCallInvitationRequest,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
} from '../../functions/src/contract/index.js';
import { type NewInvitationInput, newInvitation } from '../../functions/src/domain/invitation.js';
import { adminDb } from './admin.js';
import type { AppUser } from './client.js';

export function sendInvitation(caller: AppUser, request: SendCallInvitationRequest): Promise<SendCallInvitationResponse> {
  return caller.call<SendCallInvitationResponse>('sendCallInvitation', request);
}

/** A call to more than one callee: the group answer. */
export function sendGroupCall(caller: AppUser, request: SendCallInvitationRequest): Promise<SendGroupCallInvitationResponse> {
  return caller.call<SendGroupCallInvitationResponse>('sendCallInvitation', request);
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
  return user.call<RegisterDeviceResponse>('registerDevice', {
    deviceId: `device-${randomUUID()}`,
    ...(token === undefined ? {} : { fcmToken: token }),
    ...rest,
  });
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

/** What a failed callable answered, as a client sees it. */
export async function callError(promise: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { code, message, details } = error as { code: string; message: string; details: unknown };
    return { code, message, details };
  }
  throw new Error('expected the call to fail, and it succeeded');
}

export const respond = (callee: AppUser, invitationId: string, action: 'accept' | 'decline', deviceId?: string) =>
  callee.call<RespondToCallInvitationResponse>('respondToCallInvitation', { invitationId, action, ...(deviceId && { deviceId }) });
export const cancelCall = (caller: AppUser, invitationId: string) =>
  caller.call<{ status: 'cancelled' }>('cancelCallInvitation', { invitationId });
export const endCall = (user: AppUser, invitationId: string) => user.call<{ status: 'ended' }>('endCall', { invitationId });
export const cancelWholeCall = (caller: AppUser, callId: string) =>
  caller.call<{ status: 'cancelled' }>('cancelCallInvitation', { callId });
export const leaveCall = (user: AppUser, callId: string, forEveryone?: boolean) =>
  user.call<{ status: 'ended'; callStatus: 'active' | 'ended' }>('endCall', { callId, ...(forEveryone && { forEveryone }) });
export const joinCall = (user: AppUser, callId: string) => user.call<JoinCallResponse>('joinCall', { callId });

/** Settles every promise and sorts the outcomes: how a race is judged. */
export async function outcomes<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: { code: string; details: unknown }[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    ok: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    errors: settled.flatMap((s) =>
      s.status === 'rejected' ? [{ code: (s.reason as { code: string }).code, details: (s.reason as { details: unknown }).details }] : [],
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
