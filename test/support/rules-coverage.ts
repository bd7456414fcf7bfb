// Reads the Firestore emulator's rules coverage report: which rule expressions the tests made
// allow and which they made deny. The report is the emulator's own, collected per project.

interface CoverageValue {
  value: { boolValue?: boolean } & Record<string, unknown>;
  count: number;
}

export interface CoverageNode {
  sourcePosition: { line: number; column: number; currentOffset: number; endOffset: number };
  values?: CoverageValue[];
  children?: CoverageNode[];
}

export interface CoverageReport {
  rules: { files: { content: string }[] };
  report: CoverageNode[];
}

export interface ExpressionCoverage {
  /** A whole `allow` condition, or one operand of its `&&` / `||` chain. */
  kind: 'condition' | 'operand';
  line: number;
  text: string;
  /** How many evaluations came out true (access allowed). */
  allowed: number;
  /** How many came out false or failed with an error (access denied). */
  denied: number;
}

const coverageUrl = (host: string, port: number, projectId: string, format: 'json' | 'html') =>
  `http://${host}:${port}/emulator/v1/projects/${projectId}:ruleCoverage${format === 'html' ? '.html' : ''}`;

export async function fetchCoverage(host: string, port: number, projectId: string): Promise<{ report: CoverageReport; html: string }> {
  const [json, html] = await Promise.all(
    (['json', 'html'] as const).map(async (format) => {
      const response = await fetch(coverageUrl(host, port, projectId, format));
      if (!response.ok) throw new Error(`rules coverage: ${response.status} ${await response.text()}`);
      return response.text();
    }),
  );
  return { report: JSON.parse(json ?? '') as CoverageReport, html: html ?? '' };
}

function outcomes(node: CoverageNode | undefined): { allowed: number; denied: number } {
  let allowed = 0;
  let denied = 0;
  for (const { value, count } of node?.values ?? []) {
    if (value.boolValue === true) allowed += count;
    else denied += count;
  }
  return { allowed, denied };
}

/** The boolean operands of a condition's `&&` / `||` chain (`a && b && c` nests as `(a && b) && c`). */
function operands(node: CoverageNode | undefined): CoverageNode[] {
  const found: CoverageNode[] = [];
  for (const child of node?.children ?? []) {
    if (!child.values?.some(({ value }) => 'boolValue' in value)) continue;
    const start = child.sourcePosition.currentOffset;
    const chained = start === node?.sourcePosition.currentOffset && child.children?.some((c) => c.sourcePosition.currentOffset === start);
    found.push(...(chained ? operands(child) : [child]));
  }
  return found;
}

/**
 * Every condition of an `allow ...: if <condition>` and every operand of its top-level `&&` and
 * `||`, with its outcomes. A condition the tests never reached is there with zero of each. The
 * literal `if false` rules are left out: they deny by construction and the report skips them.
 */
export function ruleExpressions(report: CoverageReport): ExpressionCoverage[] {
  const source = report.rules.files[0]?.content ?? '';
  // A condition and its leftmost operand start at the same offset: the outermost node is the condition.
  const byOffset = new Map<number, CoverageNode>();
  for (const node of report.report) byOffset.set(node.sourcePosition.currentOffset, node);

  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  // The report's endOffset is the expression's last character.
  const describe = (kind: ExpressionCoverage['kind'], offset: number, end: number, node: CoverageNode | undefined): ExpressionCoverage => ({
    kind,
    line: lineOf(offset),
    text: source.slice(offset, end + 1).replace(/\s+/g, ' '),
    ...outcomes(node),
  });

  const expressions: ExpressionCoverage[] = [];
  for (const match of source.matchAll(/allow\s+[\w\s,]+:\s*if\s+/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf(';', start) - 1;
    if (source.slice(start, end + 1).trim() === 'false') continue;
    const node = byOffset.get(start);
    expressions.push(describe('condition', start, end, node));
    for (const operand of operands(node)) {
      const { currentOffset, endOffset } = operand.sourcePosition;
      expressions.push(describe('operand', currentOffset, endOffset, operand));
    }
  }
  return expressions;
}
