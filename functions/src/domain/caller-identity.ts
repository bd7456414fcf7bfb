/** The longest name Beckon shows on a callee's screen, in characters. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/** The longest picture address Beckon passes on. */
export const MAX_PHOTO_URL_LENGTH = 2048;

// Characters that reorder or hide text on a lock screen: bidirectional controls and marks, and
// invisible formatting. Zero-width joiners stay: emoji sequences and Persian or Indic names need them.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
// Control characters (line breaks, bells, NUL) become spaces, which then collapse.
const CONTROL = /\p{Cc}/gu;
// Something a person can read: a letter, digit, mark, symbol or punctuation.
const VISIBLE = /[\p{L}\p{N}\p{M}\p{S}\p{P}]/u;

/**
 * A caller's name as it may appear in a push and in the history: without bidi controls, control or
 * invisible characters, with whitespace collapsed, at most MAX_DISPLAY_NAME_LENGTH characters.
 * Undefined when nothing readable is left (a name of spaces and zero-width characters).
 */
export function cleanDisplayName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  if (!VISIBLE.test(cleaned)) return undefined;
  const characters = Array.from(cleaned);
  if (characters.length <= MAX_DISPLAY_NAME_LENGTH) return cleaned;
  return `${characters
    .slice(0, MAX_DISPLAY_NAME_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

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
