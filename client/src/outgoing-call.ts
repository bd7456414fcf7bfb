import { type Firestore, type Unsubscribe, doc, onSnapshot } from 'firebase/firestore';
import { calleeStateOf } from '../../functions/src/domain/group-call.js';
import type { Invoke } from './callables.js';
import type { CallDoc, InvitationDoc } from './documents.js';
import type {
  CallStatus,
  CalleeInvitation,
  CalleeState,
  CancelCallInvitationResponse,
  EndCallResponse,
  InvitationStatus,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
} from './contract.js';

/** What the caller's screen shows, each time it changes. */
export interface CallUpdate {
  /** One callee: the invitation's status. A group: the call's (ringing, active, ended, missed...). */
  status: InvitationStatus | CallStatus;
  /** One callee: when their first device started ringing ("Ringing" rather than "Calling"), epoch ms. */
  receivedAt?: number;
  /** Every callee's state: ringing, accepted, declined, missed, busy, cancelled, left. */
  callees: Record<string, CalleeState>;
}

export interface OutgoingCall {
  callId: string;
  /** One callee: the invitation (the same id as the call). */
  invitationId?: string;
  roomId: string;
  conversationId: string;
  /** When it was sent: `ringing`, or `busy`. */
  status: InvitationStatus | CallStatus;
  /** epoch ms, by the server's clock: when the rings time out */
  expiresAt: number;
  invitations: CalleeInvitation[];
  group: boolean;
  /**
   * sendCallInvitation's answer as it came: its `systemMessage` (the history line, before the
   * conversation's listener shows it) and, for one callee, `calleeOnline`.
   */
  answer: Sent;
  /** Calls `listener` with the call's state now and at every change; returns the unsubscribe. */
  onChange(listener: (update: CallUpdate) => void, onError?: (error: Error) => void): Unsubscribe;
  /** Stops every ring not yet answered (safe to repeat). */
  cancel(): Promise<void>;
  /** Leaves the call (a one-to-one call ends); `forEveryone` ends a group call for all. */
  end(options?: { forEveryone?: boolean }): Promise<EndCallResponse>;
}

type Sent = SendCallInvitationResponse | SendGroupCallInvitationResponse;

export function outgoingCall(db: Firestore, invoke: Invoke, sent: Sent): OutgoingCall {
  const oneToOne = 'invitationId' in sent ? sent : undefined;
  const { callId } = sent;
  return {
    callId,
    ...(oneToOne ? { invitationId: oneToOne.invitationId } : {}),
    roomId: sent.roomId,
    conversationId: sent.conversationId,
    status: sent.status,
    expiresAt: sent.expiresAt,
    invitations: sent.invitations,
    group: !oneToOne,
    answer: sent,
    onChange(listener, onError) {
      if (oneToOne) {
        // The invitation carries the receipt ("Ringing"); the caller may read it, never the callee's devices.
        return onSnapshot(
          doc(db, 'callInvitations', oneToOne.invitationId),
          (snapshot) => {
            const data = snapshot.data() as InvitationDoc | undefined;
            if (!data) return;
            listener({
              status: data.status,
              ...(data.receivedAt ? { receivedAt: data.receivedAt.toMillis() } : {}),
              callees: { [data.calleeId]: calleeStateOf(data.status) },
            });
          },
          onError,
        );
      }
      return watchCall(db, callId, listener, onError);
    },
    async cancel() {
      // One callee: by the invitation, which the server acts on without reading the call first.
      await invoke('cancelCallInvitation', oneToOne ? { invitationId: oneToOne.invitationId } : { callId }, { retry: true });
    },
    end: (options) => endCall(invoke, callId, options),
  };
}

/** The whole call as its members see it: the call's status and each callee's. */
export function watchCall(
  db: Firestore,
  callId: string,
  listener: (update: CallUpdate) => void,
  onError?: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    doc(db, 'calls', callId),
    (snapshot) => {
      const data = snapshot.data() as CallDoc | undefined;
      if (data) listener({ status: data.status, callees: data.callees });
    },
    onError,
  );
}

/** endCall: leaves the call (a one-to-one call ends); `forEveryone`, from the caller, ends a group call for all. */
export function endCall(invoke: Invoke, callId: string, options: { forEveryone?: boolean } = {}): Promise<EndCallResponse> {
  return invoke<EndCallResponse>('endCall', { callId, forEveryone: options.forEveryone }, { retry: true });
}

/** cancelCallInvitation by the call's id: every ring not yet answered stops (for one callee, its invitation's). */
export function cancelCall(invoke: Invoke, callId: string): Promise<CancelCallInvitationResponse> {
  return invoke<CancelCallInvitationResponse>('cancelCallInvitation', { callId }, { retry: true });
}
