import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_CHARACTERS,
  HIDDEN_CHARACTERS,
  MAX_DISPLAY_NAME_LENGTH,
  cleanDisplayName,
  cleanPhotoURL,
} from '../../functions/src/domain/users/caller-identity.js';

describe('cleanDisplayName: what a caller may put on the callee’s lock screen', () => {
  it('drops bidi overrides, control and invisible characters, and collapses whitespace', () => {
    const hostile = '\u202Eexe.gnp\u202C BANK ALERT\n\r\u0007\u0000 call +1-555-0100 \u200B\u2066now\u2069';
    expect(cleanDisplayName(hostile)).toBe('exe.gnp BANK ALERT call +1-555-0100 now');
    expect(cleanDisplayName('Bo\u200Bb\u00AD')).toBe('Bob');
    expect(cleanDisplayName('  Alice\t\tLiddell  ')).toBe('Alice Liddell');
  });

  it('keeps what names are made of: other scripts, joiners in emoji and Persian, marks', () => {
    expect(cleanDisplayName('小明')).toBe('小明');
    expect(cleanDisplayName('👨‍👩‍👧 Family')).toBe('👨‍👩‍👧 Family');
    expect(cleanDisplayName('می‌خواهم')).toBe('می‌خواهم');
    expect(cleanDisplayName('José')).toBe('José');
  });

  it('caps the length, and is undefined when nothing readable is left', () => {
    const long = cleanDisplayName('x'.repeat(100_000));
    expect(Array.from(long ?? '')).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(long?.endsWith('…')).toBe(true);
    expect(cleanDisplayName(' \u200B\u200D\u2060 \n')).toBeUndefined();
    expect(cleanDisplayName('')).toBeUndefined();
    expect(cleanDisplayName(42)).toBeUndefined();
  });
});

describe('cleanPhotoURL: what the callee’s phone may fetch', () => {
  it('passes https addresses only', () => {
    expect(cleanPhotoURL('https://example.com/alice.png')).toBe('https://example.com/alice.png');
    expect(cleanPhotoURL('http://attacker.example/track.gif?v=uid')).toBeUndefined();
    expect(cleanPhotoURL('javascript:alert(1)')).toBeUndefined();
    expect(cleanPhotoURL('data:image/png;base64,AAAA')).toBeUndefined();
    expect(cleanPhotoURL('not a url')).toBeUndefined();
    expect(cleanPhotoURL(`https://example.com/${'a'.repeat(3_000)}`)).toBeUndefined();
    expect(cleanPhotoURL(undefined)).toBeUndefined();
  });
});

describe('firestore.rules refuses, in a profile name, the characters the cleaning removes', () => {
  it('lists the same code points as CONTROL_CHARACTERS and HIDDEN_CHARACTERS', () => {
    const rules = readFileSync('firestore.rules', 'utf8');
    // The rule's class, as written in the rules' string: \\x{0000}-\\x{001F}\\x{007F}...
    const refused = /!name\.matches\('\(\?s\)\.\*\[([^\]]+)\]\.\*'\)/.exec(rules)?.[1];
    expect(refused, 'the rule refusing hidden characters in isShowableName').toBeDefined();
    const codePoints = (ranges: (readonly [number, number])[]) =>
      ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, offset) => from + offset)).sort((a, b) => a - b);
    const written = [...(refused ?? '').matchAll(/\\\\x\{([0-9A-F]+)\}(?:-\\\\x\{([0-9A-F]+)\})?/gi)].map(
      ([, from = '', to]) => [parseInt(from, 16), parseInt(to ?? from, 16)] as const,
    );
    expect(codePoints(written)).toEqual(codePoints([...CONTROL_CHARACTERS, ...HIDDEN_CHARACTERS]));
  });
});
