import { PRESENCE_FRESH_MS } from './contract.js';
import { type Firestore, doc, serverTimestamp, setDoc } from 'firebase/firestore';

/** Twice within the time Beckon counts a user online after their last heartbeat (a minute). */
export const HEARTBEAT_MS = PRESENCE_FRESH_MS / 2;

/** The rules take the same state again no sooner than 20 s after the last write, another state 1 s after it. */
const SAME_STATE_MIN_MS = 20_000;
const CHANGE_MIN_MS = 1_000;

/**
 * Keeps `presence/{uid}` online with a heartbeat while the app is visible, and offline while it
 * is hidden or when the page goes away. Where there is no `document` (React Native), it beats
 * until stopped: pair it with the app's AppState there. Returns the stop, which writes offline.
 */
export function keepPresence(db: Firestore, uid: string, heartbeatMs = HEARTBEAT_MS): () => Promise<void> {
  const ref = doc(db, 'presence', uid);
  // A beat faster than the rules take would only be refused.
  const interval = Math.max(heartbeatMs, SAME_STATE_MIN_MS + CHANGE_MIN_MS);
  let last: { state: 'online' | 'offline'; at: number } | undefined;
  /** The state the app last asked for: a retry writes it only if nothing newer was asked meanwhile. */
  let wanted: 'online' | 'offline' | undefined;
  let stopped = false;
  // Async, so that a client already shut down (which throws at once) costs a beat, not an uncaught error.
  const writeNow = async (state: 'online' | 'offline', retry = false) => {
    // A change of state right after the last write (hidden and shown again, or stopped at once)
    // waits out the rules' second, with a margin for the clocks, rather than be refused.
    const sinceLast = last === undefined ? Infinity : Date.now() - last.at;
    if (last && last.state !== state && sinceLast < CHANGE_MIN_MS + 200) {
      await new Promise((resolve) => setTimeout(resolve, CHANGE_MIN_MS + 200 - sinceLast));
    }
    try {
      await setDoc(ref, { state, lastSeenAt: serverTimestamp() });
      last = { state, at: Date.now() };
    } catch {
      // Refused. Most often by the rules' second between two states: another page of this user (the
      // one a reload replaced) wrote offline just now. Once past that second, try once more, or a
      // new page would show its user offline until its next beat, half a minute later. After
      // that, the next beat tries again.
      if (!retry)
        setTimeout(() => {
          if (!stopped && wanted === state) writing = writing.then(() => writeNow(state, true));
        }, CHANGE_MIN_MS + 200);
    }
  };
  // One write at a time, each after the server took the last: the wait above measures from it.
  let writing: Promise<void> = Promise.resolve();
  const write = (state: 'online' | 'offline') => {
    wanted = state;
    return (writing = writing.then(() => writeNow(state)));
  };
  const page = typeof document === 'undefined' ? undefined : document;
  const visible = () => !page || page.visibilityState === 'visible';
  let timer: ReturnType<typeof setInterval> | undefined;

  const beat = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    if (visible()) {
      void write('online');
      timer = setInterval(() => void write('online'), interval);
    } else {
      void write('offline');
    }
  };
  const leave = () => void write('offline');
  page?.addEventListener('visibilitychange', beat);
  globalThis.addEventListener?.('pagehide', leave);
  beat();

  return async () => {
    stopped = true;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    page?.removeEventListener('visibilitychange', beat);
    globalThis.removeEventListener?.('pagehide', leave);
    await write('offline');
  };
}
