// Text one user writes and another is shown (a caller's name on a lock screen, a decline's
// message in the conversation): what it may hold, and how it is cleaned.

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
 * Text as another user may be shown it: without bidi controls, control or invisible characters,
 * with whitespace collapsed, at most `maxLength` characters (cut with an ellipsis). Undefined when
 * nothing readable is left (spaces and zero-width characters).
 */
export function cleanShownText(raw: unknown, maxLength: number): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  if (!VISIBLE.test(cleaned)) return undefined;
  const characters = Array.from(cleaned);
  if (characters.length <= maxLength) return cleaned;
  return `${characters
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`;
}
