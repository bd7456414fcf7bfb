import { PRESENCE_FRESH_MS } from './contract.js';
import { type Firestore, doc, serverTimestamp, setDoc } from 'firebase/firestore';

/** Twice within the time Beckon counts a user online after their last heartbeat (a minute). */
export const HEARTBEAT_MS = PRESENCE_FRESH_MS / 2;

/**
 * Keeps `presence/{uid}` online with a heartbeat while the app is visible, and offline while it
 * is hidden or when the page goes away. Where there is no `document` (React Native), it beats
 * until stopped: pair it with the app's AppState there. Returns the stop, which writes offline.
 */
export function keepPresence(db: Firestore, uid: string, heartbeatMs = HEARTBEAT_MS): () => Promise<void> {
  const ref = doc(db, 'presence', uid);
  // Async, so that a client already shut down (which throws at once) costs a beat, not an uncaught error.
  const write = async (state: 'online' | 'offline') => {
    try {
      await setDoc(ref, { state, lastSeenAt: serverTimestamp() });
    } catch {
      // The next beat tries again.
    }
  };
  const page = typeof document === 'undefined' ? undefined : document;
  const visible = () => !page || page.visibilityState === 'visible';
  let timer: ReturnType<typeof setInterval> | undefined;

  const beat = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    if (visible()) {
      void write('online');
      timer = setInterval(() => void write('online'), heartbeatMs);
    } else {
      void write('offline');
    }
  };
  const leave = () => void write('offline');
  page?.addEventListener('visibilitychange', beat);
  globalThis.addEventListener?.('pagehide', leave);
  beat();

  return async () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    page?.removeEventListener('visibilitychange', beat);
    globalThis.removeEventListener?.('pagehide', leave);
    await write('offline');
  };
}
