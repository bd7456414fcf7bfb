/**
 * What every `on…`, `keep…` and `start…` of the client returns: call it to stop. It resolves once
 * stopped (for presence, once "offline" is written); stopping twice does nothing more. A stop is
 * also a plain `() => void`, so it can be handed to anything that wants an unsubscribe.
 */
export type Stop = () => Promise<void>;

/** A stop from a function that stops at once (Firestore's unsubscribe, a timer's clear). */
export const stopOf =
  (stop: () => void): Stop =>
  async () => {
    stop();
  };
