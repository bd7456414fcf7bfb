import { type Firestore, doc, onSnapshot, serverTimestamp, updateDoc } from 'firebase/firestore';
import { LIVENESS_DEFAULTS, isCallOver } from './contract.js';
import type { CallDoc } from './documents.js';
import { type BeckonError, asBeckonError } from './errors.js';

/** Whether `uid` is in the call the document describes: it goes on, and they are in it. */
const isIn = (call: CallDoc, uid: string): boolean =>
  call.status === 'active' && (call.callerId === uid ? call.callerState === 'in' : call.callees[uid] === 'accepted');

/**
 * Proves to Beckon that this app is still in the call: while `calls/{callId}` says the user is in
 * it, writes their heartbeat (`activeCalls/{uid}.aliveAt`, the server's time) every
 * `heartbeatSeconds` of the call, and stops by itself once they are out of it (they left, the call
 * ended, or they were lost). Before they are in (a caller whose call still rings) it waits. An app
 * that stops beating for CALL_LIVENESS_TIMEOUT_SECONDS loses the call. Returns the stop.
 */
export function keepCallAlive(db: Firestore, uid: string, callId: string, onError?: (error: BeckonError) => void): () => void {
  const entry = doc(db, 'activeCalls', uid);
  let timer: ReturnType<typeof setInterval> | undefined;
  let everyMs = 0;
  const stopTimer = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const beat = async () => {
    try {
      await updateDoc(entry, { aliveAt: serverTimestamp() });
    } catch (error) {
      // A beat refused (too soon after the last, or the call just ended) is harmless: the next one,
      // or the call document, says more. Only a client that was shut down (Firestore throws that
      // at once, not as a rejection) ends the loop here.
      if ((error as { code?: string }).code === 'failed-precondition') stop();
    }
  };
  const unsubscribe = onSnapshot(
    doc(db, 'calls', callId),
    (snapshot) => {
      const call = snapshot.data() as CallDoc | undefined;
      if (!call || isCallOver(call.status) || (call.status === 'active' && !isIn(call, uid))) return stop();
      if (!isIn(call, uid)) return;
      // Entering the call was the first beat: the next is due one interval on.
      const ms = (call.heartbeatSeconds ?? LIVENESS_DEFAULTS.heartbeatSeconds) * 1000;
      if (timer !== undefined && ms === everyMs) return;
      stopTimer();
      everyMs = ms;
      timer = setInterval(() => void beat(), ms);
      // In Node (tests, React Native's JS host) a heartbeat alone never keeps the process running.
      (timer as { unref?: () => void }).unref?.();
    },
    (error) => {
      stop();
      onError?.(asBeckonError(error));
    },
  );
  function stop() {
    stopTimer();
    unsubscribe();
  }
  return stop;
}
