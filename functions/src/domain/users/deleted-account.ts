/**
 * A deleted account is gone at once: a token from a sign-in before its deletion (`auth_time`)
 * is refused, though Auth still honours it until it expires (up to an hour). A sign-in after it
 * is a new account that reuses the uid (custom uids), and is let in.
 */
export function isDeletedAccount(deletedAtMs: number | undefined, authTimeMs: number | undefined): boolean {
  if (deletedAtMs === undefined) return false;
  return authTimeMs === undefined || authTimeMs <= deletedAtMs;
}

/** How long a tombstone is kept: far past the last token signed in before the deletion (one hour). */
export const TOMBSTONE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
