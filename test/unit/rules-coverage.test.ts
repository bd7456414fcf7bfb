import { describe, expect, it } from 'vitest';
import { type CoverageNode, type CoverageReport, ruleExpressions } from '../support/rules-coverage.js';

// The rules coverage check reads the emulator's report; these cases pin how it reads one, so that
// a rule the tests only ever allowed (or never reached) shows as a gap.
const source = 'allow read: if signedIn() && own;\nallow write: if false;\nallow delete: if never();';
const at = (text: string, values: [boolean | 'error', number][], children: CoverageNode[] = []): CoverageNode => {
  const start = source.indexOf(text);
  return {
    sourcePosition: { line: 1, column: start, currentOffset: start, endOffset: start + text.length - 1 },
    values: values.map(([value, count]) => ({ value: value === 'error' ? {} : { boolValue: value }, count })),
    children,
  };
};
const report = (nodes: CoverageNode[]): CoverageReport => ({ rules: { files: [{ content: source }] }, report: nodes });

describe('ruleExpressions', () => {
  it('counts a condition and its operands as allowed or denied; errors deny', () => {
    const condition = at(
      'signedIn() && own',
      [
        [true, 2],
        ['error', 1],
      ],
      [
        at('signedIn()', [[true, 3]]),
        at('own', [
          [true, 2],
          [false, 1],
        ]),
      ],
    );
    const expressions = ruleExpressions(report([condition]));
    expect(expressions).toEqual([
      { kind: 'condition', line: 1, text: 'signedIn() && own', allowed: 2, denied: 1 },
      { kind: 'operand', line: 1, text: 'signedIn()', allowed: 3, denied: 0 },
      { kind: 'operand', line: 1, text: 'own', allowed: 2, denied: 1 },
      { kind: 'condition', line: 3, text: 'never()', allowed: 0, denied: 0 },
    ]);
  });

  it('leaves out the literal `if false` rules, which deny by construction', () => {
    expect(ruleExpressions(report([])).map((e) => e.text)).not.toContain('false');
  });
});
