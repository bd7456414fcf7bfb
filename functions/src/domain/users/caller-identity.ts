import { cleanShownText } from './shown-text.js';

/** The longest name Beckon shows on a callee's screen, in characters. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/**
 * The name a caller with no readable name is stored under (in the invitation, the push's
 * `callerName` and the history); the pushes' text says it in the callee's language.
 */
export const UNNAMED_CALLER = 'Someone';

/** The longest picture address Beckon passes on. */
export const MAX_PHOTO_URL_LENGTH = 2048;

export { CONTROL_CHARACTERS, HIDDEN_CHARACTERS } from './shown-text.js';

/**
 * A caller's name as it may appear in a push and in the history: cleaned as any shown text
 * (shown-text.ts), at most MAX_DISPLAY_NAME_LENGTH characters. Undefined when nothing readable is left.
 */
export const cleanDisplayName = (raw: unknown): string | undefined => cleanShownText(raw, MAX_DISPLAY_NAME_LENGTH);

/** A caller's picture only as an https address (the callee's phone fetches it); anything else is dropped. */
export function cleanPhotoURL(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_PHOTO_URL_LENGTH) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.hostname !== '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
