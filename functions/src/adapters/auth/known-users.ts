export interface KnownUsersOptions {
  /** How long a user seen to exist is taken to exist without asking Auth again. */
  ttlMs: number;
  /** The most users one instance remembers; the oldest are forgotten first. */
  maxEntries: number;
  now(): number;
}

/**
 * Remembers, per instance, the users that Auth said exist. Deployed, each lookup is an HTTP call
 * to the Auth backend of tens of milliseconds on the ring path; a user who exists does not stop
 * existing between two calls a minute apart. Only "exists" is remembered: a user not found is
 * asked about again (they may sign up any moment). A user deleted within `ttlMs` can still be
 * called from an instance that remembers them; their devices are gone by then (deleteUserData),
 * so the call rings nobody and ends missed.
 */
export function knownUsers(lookup: (uid: string) => Promise<boolean>, options: KnownUsersOptions): (uid: string) => Promise<boolean> {
  const seenAt = new Map<string, number>();
  return async (uid) => {
    const at = seenAt.get(uid);
    if (at !== undefined && options.now() - at < options.ttlMs) return true;
    const exists = await lookup(uid);
    seenAt.delete(uid);
    if (exists) {
      seenAt.set(uid, options.now());
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (seenAt.size > options.maxEntries) seenAt.delete(seenAt.keys().next().value as string);
    }
    return exists;
  };
}
