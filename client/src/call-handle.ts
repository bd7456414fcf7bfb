import { type Firestore, type Unsubscribe, doc, getDoc, onSnapshot } from 'firebase/firestore';
import type { Invoke } from './callables.js';
import type { CallStatus, MediaCredentials } from './contract.js';
import type { CallDoc, InvitationDoc } from './documents.js';
import { type BeckonError, reportedAsBeckonError } from './errors.js';
import { keepMediaCredentials } from './media-credentials.js';
import type { CallUpdate } from './outgoing-call.js';
import { type Stop, stopOf } from './stop.js';

/**
 * One call, whichever side of it the user is on and however they came into it (they placed it, or
 * accepted it from the incoming-calls listener, a push or history): its state, its media and the
 * two ways out. `beckon.call()` answers one, so does `IncomingCall.accept()`, and `beckon.callHandle(callId)`
 * makes one for a call known only by its id.
 */
export interface CallHandle {
  readonly callId: string;
  readonly roomId: string;
  readonly conversationId: string;
  /**
   * The call's state now and at every change: its status, each callee's state, who is in it
   * (`participants`), and for a one-to-one call the ring's receipt (`receivedAt`) and a decline's
   * message; `endedReason` and `lostIds` once someone's app went silent or the call ended.
   */
  onChange(listener: (update: CallUpdate) => void, onError?: (error: BeckonError) => void): Stop;
  /**
   * The call's media credentials while the user is in it: those the accept or join answered (not
   * asked for again), then fresh ones a minute before each expires. Stops by itself once the user
   * is out of the call (`onError` says why).
   */
  onMedia(listener: (media: MediaCredentials) => void, onError?: (error: BeckonError) => void): Stop;
  /** Ends the call: the caller ends it for everyone (stops the rings while it still rings); a callee leaves it. */
  hangUp(): Promise<void>;
  /** Leaves the call, and only that: a group call goes on for the others (the caller's rings stop if nobody is in it yet). */
  leave(): Promise<void>;
}

export interface HandleContext {
  db: Firestore;
  invoke: Invoke;
  serverNow(): number;
  /** The signed-in user's uid; throws when nobody is signed in. */
  me(): string;
}

/** Who is in a call now: the caller until they leave, each callee who accepted or joined. */
export const participantsOf = (call: Pick<CallDoc, 'callerId' | 'callerState' | 'callees' | 'status'>): string[] =>
  call.status === 'ringing' || call.status === 'active'
    ? [
        ...(call.callerState === 'in' ? [call.callerId] : []),
        ...Object.entries(call.callees).flatMap(([uid, state]) => (state === 'accepted' ? [uid] : [])),
      ]
    : [];

/** A call document as a CallUpdate: what every view of the whole call shows (its handle's, `watchCall`'s). */
export const callUpdateOf = (data: CallDoc): CallUpdate => ({
  status: data.status,
  callees: data.callees,
  participants: participantsOf(data),
  ...(data.endedReason ? { endedReason: data.endedReason } : {}),
  ...(data.lostIds?.length ? { lostIds: data.lostIds } : {}),
});

const isRefusedAsOver = (error: unknown) => (error as { code?: string }).code === 'failed-precondition';

export function callHandle(
  context: HandleContext,
  call: { callId: string; roomId: string; conversationId: string; media?: MediaCredentials },
): CallHandle {
  const { db, invoke } = context;
  const { callId } = call;
  const readCall = async () => (await getDoc(doc(db, 'calls', callId))).data() as CallDoc | undefined;
  const cancel = () => invoke('cancelCallInvitation', { callId }, { retry: true });
  const end = (forEveryone: boolean) => invoke('endCall', { callId, ...(forEveryone ? { forEveryone } : {}) }, { retry: true });

  /** The caller's way out of a call that may still ring: stop the rings, or (it was answered meanwhile) end it. */
  async function stopAsCaller(forEveryone: boolean, status: CallStatus): Promise<void> {
    if (status === 'ringing') {
      try {
        await cancel();
        return;
      } catch (error) {
        // Answered between the read and the cancel: it is active now.
        if (!isRefusedAsOver(error)) throw error;
      }
    }
    const now = (await readCall())?.status;
    if (now === 'active') await end(forEveryone);
  }

  async function out(forEveryone: boolean): Promise<void> {
    const current = await readCall();
    if (!current || (current.status !== 'ringing' && current.status !== 'active')) return;
    if (current.callerId === context.me()) {
      // Leaving a ringing group call that someone is in already leaves it to them; with nobody in it, the rings stop.
      const someoneIn = Object.values(current.callees).includes('accepted');
      if (current.status === 'ringing' && !forEveryone && someoneIn) await end(false);
      else await stopAsCaller(forEveryone, current.status);
      return;
    }
    if (current.callees[context.me()] === 'accepted') await end(false);
  }

  return {
    callId,
    roomId: call.roomId,
    conversationId: call.conversationId,
    onChange(listener, onError) {
      const report = reportedAsBeckonError(onError);
      let fromCall: CallUpdate | undefined;
      let fromInvitation: Pick<CallUpdate, 'receivedAt' | 'declineMessage'> = {};
      let stopInvitation: Unsubscribe | undefined;
      const emit = () => {
        if (fromCall) listener({ ...fromCall, ...fromInvitation });
      };
      const stopCall = onSnapshot(
        doc(db, 'calls', callId),
        (snapshot) => {
          const data = snapshot.data() as CallDoc | undefined;
          if (!data) return;
          fromCall = callUpdateOf(data);
          // A one-to-one call's invitation (same id) has the ring's receipt and a decline's message.
          if (!data.group && !stopInvitation) {
            stopInvitation = onSnapshot(
              doc(db, 'callInvitations', callId),
              (invitation) => {
                const stored = invitation.data() as InvitationDoc | undefined;
                fromInvitation = {
                  ...(stored?.receivedAt ? { receivedAt: stored.receivedAt.toMillis() } : {}),
                  ...(stored?.declineMessage ? { declineMessage: stored.declineMessage } : {}),
                };
                emit();
              },
              report,
            );
          }
          emit();
        },
        report,
      );
      return stopOf(() => {
        stopCall();
        stopInvitation?.();
      });
    },
    onMedia(listener, onError) {
      const fetch = () => invoke('getMediaCredentials', { callId }, { retry: true });
      return stopOf(keepMediaCredentials(fetch, context.serverNow, listener, onError, call.media));
    },
    hangUp: () => out(true),
    leave: () => out(false),
  };
}
