import type { MediaCredentials } from './contract.js';
import { type BeckonError, asBeckonError } from './errors.js';

/** A fresh grant is asked for this long before the last one expires: time for a slow network. */
export const MEDIA_REFRESH_MARGIN_MS = 60_000;

/** Never sooner than this, so that a device whose clock is far off cannot ask in a loop. */
const MIN_REFRESH_DELAY_MS = 5_000;

/** When to ask again for credentials that expire at `expiresAt` (both by the server's clock). */
export const refreshDelayMs = (expiresAt: number, serverNow: number): number =>
  Math.max(MIN_REFRESH_DELAY_MS, expiresAt - MEDIA_REFRESH_MARGIN_MS - serverNow);

/**
 * Asks for the call's media credentials now and again before each grant expires, handing each to
 * `listener` (give the new token to the provider's SDK). Stops by itself when the server refuses
 * (you left, or the call is over: `onError` says which), and when the returned function is called.
 * `initial`: a grant already in hand (an accept's answer), handed over first rather than asked for
 * again while it has more than the margin to live.
 */
export function keepMediaCredentials(
  fetch: () => Promise<MediaCredentials>,
  serverNow: () => number,
  listener: (media: MediaCredentials) => void,
  onError?: (error: BeckonError) => void,
  initial?: MediaCredentials,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = async () => {
    try {
      const media = await fetch();
      if (stopped) return;
      listener(media);
      timer = setTimeout(() => void next(), refreshDelayMs(media.expiresAt, serverNow()));
    } catch (error) {
      if (!stopped) onError?.(asBeckonError(error));
    }
  };
  if (initial && initial.expiresAt - MEDIA_REFRESH_MARGIN_MS > serverNow()) {
    listener(initial);
    timer = setTimeout(() => void next(), refreshDelayMs(initial.expiresAt, serverNow()));
  } else void next();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
