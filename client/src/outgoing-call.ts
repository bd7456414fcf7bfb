import { type DocumentReference, type Firestore, type Unsubscribe, doc, onSnapshot } from 'firebase/firestore';
import { calleeStateOf } from './contract.js';
import { type Stop, stopOf } from './stop.js';
import { type CallHandle, type HandleContext, callHandle, callUpdateOf } from './call-handle.js';
import type { Invoke } from './callables.js';
import { type BeckonError, reportedAsBeckonError } from './errors.js';
import type { CallDoc, InvitationDoc } from './documents.js';
import type {
  CallEndedReason,
  CallStatus,
  CalleeInvitation,
  CalleeState,
  CancelCallInvitationResponse,
  EndCallResponse,
  InvitationStatus,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
  UnavailableCallee,
} from './contract.js';

/** What the caller's screen shows, each time it changes. */
export interface CallUpdate {
  /** The call's status, in one vocabulary for one callee or many: ringing, active, ended, missed, declined, cancelled, busy. */
  status: CallStatus;
  /** One callee: when their first device started ringing ("Ringing" rather than "Calling"), epoch ms. */
  receivedAt?: number;
  /** Every callee's state: ringing, accepted, declined, missed, busy, cancelled, left. */
  callees: Record<string, CalleeState>;
  /** Who is in the call now: the caller until they leave, each callee who accepted or joined; nobody once it is over. */
  participants: string[];
  /** One callee who declined with a message: what they said (it is in the conversation too). */
  declineMessage?: string;
  /** Why the call ended once it did: `hung_up`, `lost` (a participant's app went silent) or `time_limit` (MAX_CALL_MINUTES). */
  endedReason?: CallEndedReason;
  /** The whole call: who left because their app went silent ("connection lost"). */
  lostIds?: string[];
}

interface PlacedCall extends CallHandle {
  callId: string;
  roomId: string;
  conversationId: string;
  /** When it was sent: `ringing`, or `busy`. */
  status: CallStatus;
  /** epoch ms, by the server's clock: when the rings time out */
  expiresAt: number;
  /** Each callee's invitation; in a group call, `unavailable` for a callee who cannot be called by you (never rung). */
  invitations: (CalleeInvitation | UnavailableCallee)[];
  /** Calls `listener` with the call's state now and at every change; returns the stop. */
  onChange(listener: (update: CallUpdate) => void, onError?: (error: BeckonError) => void): Stop;
  /**
   * Stops every ring not yet answered (safe to repeat).
   * @deprecated Use `hangUp()` (or `leave()`), which also ends a call answered meanwhile.
   */
  cancel(): Promise<void>;
  /**
   * Leaves the call (a one-to-one call ends); `forEveryone` ends a group call for all.
   * @deprecated Use `hangUp()` or `leave()`: `end()` is refused while the call still rings.
   */
  end(options?: { forEveryone?: boolean }): Promise<EndCallResponse>;
}

/** A call to one callee. */
export interface DirectOutgoingCall extends PlacedCall {
  group: false;
  /** The callee's invitation (the same id as the call). */
  invitationId: string;
  /** sendCallInvitation's answer as it came: its `systemMessage` (the history line, before the conversation's listener shows it) and `calleeOnline`. */
  answer: SendCallInvitationResponse;
}

/** A call to several callees, each with an invitation of their own. */
export interface GroupOutgoingCall extends PlacedCall {
  group: true;
  /** sendCallInvitation's answer as it came: its `systemMessage`, the history line before the conversation's listener shows it. */
  answer: SendGroupCallInvitationResponse;
}

/** A call the signed-in user placed: `group` tells which. */
export type OutgoingCall = DirectOutgoingCall | GroupOutgoingCall;

type Sent = SendCallInvitationResponse | SendGroupCallInvitationResponse;

/** A one-to-one invitation's status in the call's words: they differ only in `accepted`, which is the call's `active`. */
export const callStatusOf = (status: InvitationStatus): CallStatus => (status === 'accepted' ? 'active' : status);

export function outgoingCall(context: HandleContext, sent: Sent): OutgoingCall {
  const { db, invoke } = context;
  if ('invitationId' in sent) {
    const { invitationId } = sent;
    return {
      ...placedCall(context, sent, callStatusOf(sent.status)),
      group: false,
      invitationId,
      answer: sent,
      // The invitation carries the receipt ("Ringing"); the caller may read it, never the callee's devices.
      onChange: (listener, onError) => stopOf(watchInvitation(db, invitationId, listener, reportedAsBeckonError(onError))),
      // By the invitation, which the server acts on without reading the call first.
      cancel: async () => {
        await invoke('cancelCallInvitation', { invitationId }, { retry: true });
      },
    };
  }
  return { ...placedCall(context, sent, sent.status), group: true, answer: sent };
}

function placedCall(context: HandleContext, sent: Sent, status: CallStatus): PlacedCall {
  const { db, invoke } = context;
  const { callId } = sent;
  return {
    ...callHandle(context, sent),
    callId,
    roomId: sent.roomId,
    conversationId: sent.conversationId,
    status,
    expiresAt: sent.expiresAt,
    invitations: sent.invitations,
    onChange: (listener, onError) => stopOf(watchCall(db, callId, listener, reportedAsBeckonError(onError))),
    cancel: async () => {
      await cancelCall(invoke, callId);
    },
    end: (options) => endCall(invoke, callId, options),
  };
}

/** A document's snapshots as CallUpdates; a snapshot of no document says nothing. */
function watchUpdates<T>(
  ref: DocumentReference,
  toUpdate: (data: T) => CallUpdate,
  listener: (update: CallUpdate) => void,
  onError?: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    ref,
    (snapshot) => {
      const data = snapshot.data() as T | undefined;
      if (data) listener(toUpdate(data));
    },
    onError,
  );
}

/** A one-to-one call as its caller sees it, from its invitation. */
const watchInvitation = (db: Firestore, invitationId: string, listener: (update: CallUpdate) => void, onError?: (error: Error) => void) =>
  watchUpdates<InvitationDoc>(
    doc(db, 'callInvitations', invitationId),
    (data) => ({
      status: callStatusOf(data.status),
      ...(data.receivedAt ? { receivedAt: data.receivedAt.toMillis() } : {}),
      callees: { [data.calleeId]: calleeStateOf(data.status) },
      participants: data.status === 'accepted' ? [data.callerId, data.calleeId] : data.status === 'ringing' ? [data.callerId] : [],
      ...(data.declineMessage ? { declineMessage: data.declineMessage } : {}),
      ...(data.endedReason ? { endedReason: data.endedReason } : {}),
    }),
    listener,
    onError,
  );

/** The whole call as its members see it: the call's status and each callee's. */
export const watchCall = (db: Firestore, callId: string, listener: (update: CallUpdate) => void, onError?: (error: Error) => void) =>
  watchUpdates<CallDoc>(doc(db, 'calls', callId), callUpdateOf, listener, onError);

/** endCall: leaves the call (a one-to-one call ends); `forEveryone`, from the caller, ends a group call for all. */
export function endCall(invoke: Invoke, callId: string, options: { forEveryone?: boolean } = {}): Promise<EndCallResponse> {
  return invoke('endCall', { callId, forEveryone: options.forEveryone }, { retry: true });
}

/** cancelCallInvitation by the call's id: every ring not yet answered stops (for one callee, its invitation's). */
export function cancelCall(invoke: Invoke, callId: string): Promise<CancelCallInvitationResponse> {
  return invoke('cancelCallInvitation', { callId }, { retry: true });
}
