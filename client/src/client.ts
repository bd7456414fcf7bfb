import type { FirebaseApp } from 'firebase/app';
import { getAuth, onAuthStateChanged } from 'firebase/auth';
import { type Unsubscribe, doc, getDoc, getFirestore } from 'firebase/firestore';
import type { CallDoc } from './documents.js';
import { type Stop, stopOf } from './stop.js';
import { type CallHandle, type HandleContext, callHandle } from './call-handle.js';
import { getFunctions } from 'firebase/functions';
import { invoker } from './callables.js';
import type {
  AcknowledgeCallInvitationResponse,
  BlockUserResponse,
  CallType,
  CancelCallInvitationResponse,
  CallInvitationPushData,
  DiagnoseCallInvitationResponse,
  DiagnosisLanguage,
  EndCallResponse,
  JoinCallResponse,
  MediaCredentials,
  RegisterDeviceRequest,
  RegisterDeviceResponse,
  RespondToCallInvitationResponse,
  SendTestPushRequest,
  SendTestPushResponse,
  GetDeliveryHealthRequest,
  GetDeliveryHealthResponse,
  UnblockUserResponse,
  UnregisterDeviceResponse,
} from './contract.js';
import { type HistoryMessage, type HistoryPage, type HistoryStop, postText, watchConversation } from './conversation.js';
import { BeckonError, asBeckonError, reportedAsBeckonError } from './errors.js';
import {
  type AcceptOptions,
  type AcknowledgeOptions,
  type DeclineOptions,
  type IncomingCall,
  type RespondOptions,
  acknowledge,
  callFromPush,
  respond,
  watchIncomingCalls,
} from './incoming-calls.js';
import { type CallUpdate, type OutgoingCall, cancelCall, endCall, outgoingCall, watchCall } from './outgoing-call.js';
import { keepMediaCredentials } from './media-credentials.js';
import { keepPresence } from './presence.js';
import { keepCallAlive } from './call-heartbeat.js';
import { newRequestId } from './request-id.js';
import { ServerClock } from './server-clock.js';

export interface BeckonClientOptions {
  /** Where Beckon's functions run; `us-central1` unless you moved them. */
  region?: string;
  /** Attempts in all at a request that met a network or server failure (only requests safe to repeat). */
  attempts?: number;
}

export interface CallOptions {
  callType?: CallType;
  /** Required for more than one callee (every callee must be a member); for one, their direct conversation by default. */
  conversationId?: string;
  /** Group calls: any member of the conversation may join while the call is active. */
  allowJoin?: boolean;
  /** How long the call rings before it is missed, 5 to 180 s; the server's RING_TIMEOUT_SECONDS by default. */
  ringSeconds?: number;
  /**
   * The call's idempotency key; made for you by default. Bring your own when the app keeps a call
   * it could not place (offline) and places it again after a restart: still one call.
   */
  requestId?: string;
}

export interface BeckonClient {
  /** Rings one user, or several (a group call). Retries on a flaky network give one call. */
  call(calleeIdOrIds: string | string[], options?: CallOptions): Promise<OutgoingCall>;
  /**
   * The calls ringing for the signed-in user, now and at every change. It follows the user: after a
   * sign-out the list is empty and `onError` gets an `unauthenticated` BeckonError; after a sign-in,
   * the list is the new user's.
   */
  onIncomingCalls(listener: (calls: IncomingCall[]) => void, onError?: (error: BeckonError) => void): Stop;
  /** The call a push is about, if it still rings; null otherwise (and for a push without data: `MessagePayload.data` may be undefined). */
  callFromPush(data: Partial<CallInvitationPushData> | Record<string, unknown> | undefined): Promise<IncomingCall | null>;
  /**
   * Answers a call by its invitation's id, without reading it first: from a history message, a
   * notification's action button, or a list of your own. `accept` answers with the room; name the
   * device (its registerDevice id) so that a retry from it gets the room again. With an accept,
   * `endCurrent` (call waiting) ends the call the user is in; with a decline, `message` is posted
   * in the conversation for the caller.
   */
  respond(invitationId: string, action: 'accept', options?: AcceptOptions): Promise<RespondToCallInvitationResponse>;
  respond(invitationId: string, action: 'decline', options?: DeclineOptions): Promise<RespondToCallInvitationResponse>;
  /** Either action, decided at run time: only the device then. */
  respond(invitationId: string, action: 'accept' | 'decline', options?: { deviceId?: string }): Promise<RespondToCallInvitationResponse>;
  /**
   * The delivery receipt by the invitation's id: for a push handler that has only the push's data
   * and should not wait for a read before it says "this device rings". Safe to repeat.
   */
  acknowledge(invitationId: string, options: AcknowledgeOptions): Promise<AcknowledgeCallInvitationResponse>;
  /** The caller stops every ring of a call not yet answered, by its id (safe to repeat). */
  cancelCall(callId: string): Promise<CancelCallInvitationResponse>;
  /**
   * A call's state as its members see it (`calls/{callId}`), now and at every change.
   * @deprecated Use the call's handle (`callHandle(callId)`, or what `call()` and `accept()` answer): its `onChange`.
   */
  onCall(callId: string, listener: (update: CallUpdate) => void, onError?: (error: BeckonError) => void): Stop;
  /**
   * Leaves a call (a one-to-one call ends); `forEveryone`, from the caller, ends a group call for all.
   * @deprecated Use the call's handle: `hangUp()` or `leave()`.
   */
  endCall(callId: string, options?: { forEveryone?: boolean }): Promise<EndCallResponse>;
  /**
   * The handle of a call known by its id (a history message, an accept by id, a join): its state,
   * media and ways out, as `call()` and `IncomingCall.accept()` give. Reads the call once; pass
   * the `media` an accept or join answered so it is not asked for again.
   */
  callHandle(callId: string, options?: { media?: MediaCredentials }): Promise<CallHandle>;
  /** Joins an active group call later (a missed or declined ring, or `allowJoin`). */
  joinCall(callId: string, options?: { deviceId?: string }): Promise<JoinCallResponse>;
  /**
   * Fresh credentials for the call's media room (the server's MEDIA_PROVIDER), for someone in the
   * call now: to reconnect, or to refresh before `expiresAt`. Accepting and joining answer them too.
   */
  getMediaCredentials(callId: string): Promise<MediaCredentials>;
  /**
   * The call's media credentials now, and fresh ones a minute before each grant expires, for as
   * long as you are in the call; returns the stop. Hand each to the provider's SDK (LiveKit:
   * connect again with the new token when reconnecting; Agora: `renewToken`).
   * @deprecated Use the call's handle: `onMedia`, which starts from the accept's own credentials.
   */
  keepMediaCredentials(callId: string, listener: (media: MediaCredentials) => void, onError?: (error: BeckonError) => void): Stop;
  /**
   * The conversation's latest messages (`pageSize`, 50), live; the stop's `loadOlder()` adds a page
   * of older ones. The listener's second argument says whether older ones may exist.
   */
  onConversation(
    conversationId: string,
    listener: (messages: HistoryMessage[], page: HistoryPage) => void,
    onError?: (error: BeckonError) => void,
    options?: { pageSize?: number },
  ): HistoryStop;
  sendText(conversationId: string, text: string): Promise<string>;
  registerDevice(request: RegisterDeviceRequest): Promise<RegisterDeviceResponse>;
  unregisterDevice(deviceId: string): Promise<UnregisterDeviceResponse>;
  blockUser(uid: string): Promise<BlockUserResponse>;
  unblockUser(uid: string): Promise<UnblockUserResponse>;
  diagnose(invitationId: string, lang?: DiagnosisLanguage): Promise<DiagnoseCallInvitationResponse>;
  sendTestPush(request?: SendTestPushRequest): Promise<SendTestPushResponse>;
  /** The fleet's delivery health: for an operator (the custom claim `beckonOperator: true`) only. */
  deliveryHealth(request?: GetDeliveryHealthRequest): Promise<GetDeliveryHealthResponse>;
  /**
   * Keeps the signed-in user in a call with heartbeats (see docs/apps.md, "Staying in a call"):
   * started for you when you place a call, accept one or join one through this client; call it
   * yourself for a call the app re-entered another way (after a restart). It stops by itself when
   * the user is out of the call; returns the stop.
   */
  keepCallAlive(callId: string, onError?: (error: BeckonError) => void): Stop;
  /** Keeps the signed-in user's presence online while the app is visible; returns the stop. */
  startPresence(options?: { heartbeatMs?: number }): Stop;
}

/**
 * Beckon for an app on the firebase JS SDK (web or React Native). Connect the app's Auth,
 * Firestore and Functions to the emulators before, if you use them: the client takes the app's
 * instances as they are.
 */
export function beckonClient(app: FirebaseApp, options: BeckonClientOptions = {}): BeckonClient {
  const auth = getAuth(app);
  const db = getFirestore(app);
  const invoke = invoker(getFunctions(app, options.region ?? 'us-central1'), options.attempts ?? 3);
  const clock = new ServerClock();
  // One heartbeat per call this app is in, whoever started it; it ends by itself with the call.
  const beating = new Map<string, () => void>();
  const keepAlive = (callId: string, onError?: (error: BeckonError) => void): Stop => {
    const uid = auth.currentUser?.uid;
    if (!uid) throw new BeckonError('unauthenticated', 'sign in first');
    if (!beating.has(callId)) {
      const stop = keepCallAlive(db, uid, callId, onError);
      beating.set(callId, () => {
        stop();
        beating.delete(callId);
      });
    }
    return stopOf(() => beating.get(callId)?.());
  };
  const me = (): string => {
    const uid = auth.currentUser?.uid;
    if (!uid) throw new BeckonError('unauthenticated', 'sign in first');
    return uid;
  };
  const handles: HandleContext = { db, invoke, serverNow: () => clock.now(), me };
  const context = { db, invoke, clock, handles, keepAlive: (callId: string) => void keepAlive(callId) };
  // Every error the library throws or reports is a BeckonError, Firestore's included.
  const rethrown = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw asBeckonError(error);
    }
  };

  return {
    async call(calleeIdOrIds, callOptions = {}) {
      const callees = typeof calleeIdOrIds === 'string' ? { calleeId: calleeIdOrIds } : { calleeIds: calleeIdOrIds };
      // One requestId for every attempt: the server answers a retry with the first call.
      const request = { ...callees, ...callOptions, requestId: callOptions.requestId ?? newRequestId() };
      const sent = await invoke('sendCallInvitation', request, {
        retry: true,
      });
      // The caller is in the call from its first accept: the heartbeat waits for it.
      if (sent.status === 'ringing') keepAlive(sent.callId);
      return outgoingCall(handles, sent);
    },
    onIncomingCalls(listener, onError) {
      // Follows the signed-in user: a sign-out empties the list (and says why), a sign-in listens for the new user.
      let stopCalls: Unsubscribe | undefined;
      const stopAuth = onAuthStateChanged(auth, (user) => {
        stopCalls?.();
        stopCalls = undefined;
        if (user) {
          stopCalls = watchIncomingCalls(context, user.uid, listener, reportedAsBeckonError(onError));
        } else {
          listener([]);
          onError?.(new BeckonError('unauthenticated', "sign in first: incoming calls are the signed-in user's"));
        }
      });
      return stopOf(() => {
        stopAuth();
        stopCalls?.();
      });
    },
    callFromPush: (data) => rethrown(() => callFromPush(context, data)),
    async respond(invitationId: string, action: 'accept' | 'decline', respondOptions?: RespondOptions) {
      const answer = await respond(invoke, invitationId, action, respondOptions);
      if (answer.status === 'accepted') keepAlive(answer.callId);
      return answer;
    },
    acknowledge: (invitationId, ackOptions) => acknowledge(context, invitationId, ackOptions),
    cancelCall: (callId) => cancelCall(invoke, callId),
    onCall: (callId, listener, onError) => stopOf(watchCall(db, callId, listener, reportedAsBeckonError(onError))),
    endCall: (callId, endOptions) => endCall(invoke, callId, endOptions),
    async joinCall(callId, joinOptions = {}) {
      const answer = await invoke('joinCall', { callId, ...joinOptions }, { retry: true });
      keepAlive(callId);
      return answer;
    },
    keepCallAlive: keepAlive,
    async callHandle(callId, handleOptions = {}) {
      const stored = await rethrown(async () => (await getDoc(doc(db, 'calls', callId))).data() as CallDoc | undefined);
      if (!stored) throw new BeckonError('not-found', 'callId: no such call (or not yours to read)', { field: 'callId' });
      const media = handleOptions.media ? { media: handleOptions.media } : {};
      return callHandle(handles, { callId, roomId: stored.roomId, conversationId: stored.conversationId, ...media });
    },
    getMediaCredentials: (callId) => invoke('getMediaCredentials', { callId }, { retry: true }),
    keepMediaCredentials: (callId, listener, onError) =>
      stopOf(
        keepMediaCredentials(
          () => invoke('getMediaCredentials', { callId }, { retry: true }),
          () => clock.now(),
          listener,
          onError,
        ),
      ),
    onConversation: (conversationId, listener, onError, options = {}) =>
      watchConversation(db, conversationId, listener, reportedAsBeckonError(onError), options.pageSize),
    sendText: (conversationId, text) => rethrown(() => postText(db, conversationId, me(), text)),
    registerDevice: (request) => invoke('registerDevice', request, { retry: true }),
    unregisterDevice: (deviceId) => invoke('unregisterDevice', { deviceId }, { retry: true }),
    blockUser: (uid) => invoke('blockUser', { uid }, { retry: true }),
    unblockUser: (uid) => invoke('unblockUser', { uid }, { retry: true }),
    diagnose: (invitationId, lang) => invoke('diagnoseCallInvitation', { invitationId, lang }),
    sendTestPush: (request = {}) => invoke('sendTestPush', request),
    deliveryHealth: (request = {}) => invoke('getDeliveryHealth', request, { retry: true }),
    startPresence: (presenceOptions = {}) => keepPresence(db, me(), presenceOptions.heartbeatMs),
  };
}
