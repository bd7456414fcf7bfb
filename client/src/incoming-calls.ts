import { type Firestore, type Unsubscribe, collection, doc, getDoc, onSnapshot, orderBy, query, where } from 'firebase/firestore';
import type { Invoke } from './callables.js';
import type {
  AcknowledgeCallInvitationResponse,
  CallInvitationPushData,
  CallType,
  MediaCredentials,
  RequestOf,
  RespondToCallInvitationResponse,
} from './contract.js';
import type { ServerClock } from './server-clock.js';
import type { InvitationDoc } from './documents.js';
import { BeckonError } from './errors.js';
import { type CallHandle, type HandleContext, callHandle } from './call-handle.js';

/** A call ringing for the signed-in user. */
export interface IncomingCall {
  invitationId: string;
  /** The call (for a group call, shared with the other callees). */
  callId: string;
  callerId: string;
  callerName: string;
  callerPhotoURL?: string;
  callType: CallType;
  roomId: string;
  conversationId: string;
  /** epoch ms, by the server's clock: when it stops ringing */
  expiresAt: number;
  /**
   * Call waiting: it rings while the user is in another call (the server's CALL_WAITING). Show it
   * as a waiting call; accept it with `endCurrent: true` to hang up the current call and take this one.
   */
  callWaiting: boolean;
  /**
   * Accepts: the room to enter. Name the device (its registerDevice id) so a retry from it gets the
   * room again. `endCurrent` (call waiting) ends the call the user is in, in the same step.
   */
  accept(options?: AcceptOptions): Promise<AcceptedCall>;
  /** Declines; a `message` (1 to 160 characters) is posted in the conversation as the user's, for the caller to read. */
  decline(message?: string): Promise<void>;
  /** The delivery receipt: call it when this device starts ringing. */
  acknowledge(options: AcknowledgeOptions): Promise<AcknowledgeCallInvitationResponse>;
}

interface Context {
  db: Firestore;
  invoke: Invoke;
  clock: ServerClock;
  /** For the handle an accept answers (call-handle.ts). */
  handles: HandleContext;
  /** Starts the heartbeat of a call the user entered from this app (client.ts). */
  keepAlive(callId: string): void;
}

function incomingCall({ invoke, clock, keepAlive, handles }: Context, invitationId: string, data: InvitationDoc): IncomingCall {
  return {
    invitationId,
    callId: data.callId,
    callerId: data.callerId,
    callerName: data.callerName,
    ...(data.callerPhotoURL ? { callerPhotoURL: data.callerPhotoURL } : {}),
    callType: data.callType,
    roomId: data.roomId,
    conversationId: data.conversationId,
    expiresAt: data.expiresAt.toMillis(),
    callWaiting: data.callWaiting === true,
    async accept(options = {}) {
      const answer = await respond(invoke, invitationId, 'accept', options);
      if (answer.status !== 'accepted') {
        throw new BeckonError('failed-precondition', `accept answered ${answer.status}`, { status: answer.status });
      }
      keepAlive(data.callId);
      // All the server answered, and the call's handle: the media credentials are not fetched a second time.
      const accepted = {
        callId: answer.callId,
        roomId: answer.roomId,
        conversationId: answer.conversationId,
        ...(answer.media ? { media: answer.media } : {}),
      };
      return { ...callHandle(handles, accepted), ...accepted };
    },
    async decline(message) {
      await respond(invoke, invitationId, 'decline', message === undefined ? {} : { message });
    },
    acknowledge: (options) => acknowledge({ invoke, clock }, invitationId, options),
  };
}

/** What an accept answers: the call, its room, its conversation, and the media credentials when the server hands them out. */
export interface AcceptAnswer {
  callId: string;
  roomId: string;
  conversationId: string;
  media?: MediaCredentials;
}

/** What `IncomingCall.accept()` resolves to: the server's answer, and the handle of the call the user is now in. */
export interface AcceptedCall extends AcceptAnswer, CallHandle {
  readonly callId: string;
  readonly roomId: string;
  readonly conversationId: string;
}

/** An accept: the answering device, and `endCurrent` (call waiting). A message goes only with a decline. */
export interface AcceptOptions {
  deviceId?: string;
  endCurrent?: boolean;
  message?: never;
}

/** A decline: the answering device, and a `message` for the caller. `endCurrent` goes only with an accept. */
export interface DeclineOptions {
  deviceId?: string;
  message?: string;
  endCurrent?: never;
}

/** What an answer may carry, by its action: the types refuse a message on an accept and `endCurrent` on a decline. */
export type RespondOptions = AcceptOptions | DeclineOptions;

/** respondToCallInvitation: safe to repeat; a repeated accept from the device that won gets the room again. */
export function respond(
  invoke: Invoke,
  invitationId: string,
  action: 'accept' | 'decline',
  options: RespondOptions = {},
): Promise<RespondToCallInvitationResponse> {
  return invoke('respondToCallInvitation', { invitationId, action, ...options }, { retry: true });
}

/** What a device says when it rings: its id, what woke it, and on Android the priority the ring arrived with and was sent with. */
export type AcknowledgeOptions = Omit<RequestOf<'acknowledgeCallInvitation'>, 'invitationId'>;

/** acknowledgeCallInvitation; its answer's `serverTime` also sets the clock the ring's end is judged by. */
export async function acknowledge(
  { invoke, clock }: Pick<Context, 'invoke' | 'clock'>,
  invitationId: string,
  options: AcknowledgeOptions,
): Promise<AcknowledgeCallInvitationResponse> {
  const answer = await invoke('acknowledgeCallInvitation', { invitationId, ...options }, { retry: true });
  clock.learn(answer.serverTime);
  return answer;
}

/**
 * The calls ringing for `uid`, as a list that changes: a call leaves it when its status changes
 * and also when its `expiresAt` passes by the server's clock, even if no snapshot says so (a
 * phone's listener and its clock can both lag). Returns the unsubscribe, which also stops the timer.
 */
export function watchIncomingCalls(
  context: Context,
  uid: string,
  listener: (calls: IncomingCall[]) => void,
  onError?: (error: Error) => void,
): Unsubscribe {
  const { db, clock } = context;
  let ringing: IncomingCall[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first = true;
  let emitted = '';

  const emit = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const now = clock.now();
    const live = ringing.filter((call) => call.expiresAt > now);
    const key = live.map((call) => call.invitationId).join(',');
    if (key !== emitted || first) listener(live);
    emitted = key;
    first = false;
    const next = Math.min(...live.map((call) => call.expiresAt));
    if (Number.isFinite(next)) timer = setTimeout(emit, Math.max(0, next - clock.now()) + 50);
  };

  const ringingForMe = query(
    collection(db, 'callInvitations'),
    where('calleeId', '==', uid),
    where('status', '==', 'ringing'),
    orderBy('createdAt'),
  );
  const unsubscribe = onSnapshot(
    ringingForMe,
    (snapshot) => {
      // A call written while we listen arrives within moments: its createdAt is the server's now.
      if (!first) {
        for (const change of snapshot.docChanges()) {
          if (change.type === 'added' && !change.doc.metadata.hasPendingWrites) clock.learn(change.doc.data().createdAt.toMillis());
        }
      }
      ringing = snapshot.docs.map((d) => incomingCall(context, d.id, d.data() as InvitationDoc));
      emit();
    },
    onError,
  );
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * The stale-call guard for an app woken by a push: the call if it still rings, else null (it was
 * answered elsewhere, cancelled, or timed out while the push travelled).
 */
export async function callFromPush(
  context: Context,
  data: Partial<CallInvitationPushData> | Record<string, unknown> | undefined,
): Promise<IncomingCall | null> {
  if (data?.type !== 'call_invitation' || typeof data.invitationId !== 'string') return null;
  const snapshot = await getDoc(doc(context.db, 'callInvitations', data.invitationId));
  const stored = snapshot.data() as InvitationDoc | undefined;
  if (!stored || stored.status !== 'ringing') return null;
  const call = incomingCall(context, snapshot.id, stored);
  return call.expiresAt > context.clock.now() ? call : null;
}
