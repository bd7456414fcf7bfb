/** The longest name Beckon shows on a callee's screen, in characters. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/**
 * The name a caller with no readable name is stored under (in the invitation, the push's
 * `callerName` and the history); the pushes' text says it in the callee's language.
 */
export const UNNAMED_CALLER = 'Someone';

/** The longest picture address Beckon passes on. */
export const MAX_PHOTO_URL_LENGTH = 2048;

/** Code point ranges, inclusive. */
type Ranges = readonly (readonly [number, number])[];

/** Control characters (line breaks, bells, NUL): Unicode's Cc. The cleaning turns them into spaces, which then collapse. */
export const CONTROL_CHARACTERS: Ranges = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
];

/**
 * Characters that reorder or hide text on a lock screen: bidirectional controls and marks, and
 * invisible formatting. The cleaning removes them. Zero-width joiners (U+200D) stay: emoji
 * sequences and Persian or Indic names need them. firestore.rules refuses a profile name with any
 * of these or of CONTROL_CHARACTERS (a unit test holds the two lists together).
 */
export const HIDDEN_CHARACTERS: Ranges = [
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200b],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];

const hex = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;
const characterClass = (ranges: Ranges) =>
  new RegExp(`[${ranges.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]`, 'gu');
const INVISIBLE = characterClass(HIDDEN_CHARACTERS);
const CONTROL = characterClass(CONTROL_CHARACTERS);
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
