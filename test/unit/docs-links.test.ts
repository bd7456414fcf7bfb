import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link of the documentation leads somewhere: its file exists, and its #anchor is a
// heading of that file (as GitHub makes anchors of headings).

const ROOT = join(import.meta.dirname, '..', '..');
const DOCUMENTS = [
  'README.md',
  'BENCHMARKS.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, where links are links. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(path: string): Set<string> {
  const headings = [...prose(readFileSync(path, 'utf8')).matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] as string));
  return new Set(headings);
}

function relativeLinks(document: string): string[] {
  const text = prose(readFileSync(join(ROOT, document), 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string).filter((target) => !/^[a-z]+:/.test(target));
}

describe('the documentation', () => {
  it('exists where the README points: one file per reader under docs/', () => {
    for (const file of ['callables.md', 'client-library.md', 'apps.md', 'operating.md', 'development.md', 'design.md', 'performance.md']) {
      expect(existsSync(join(ROOT, 'docs', file)), file).toBe(true);
    }
  });

  it.each(DOCUMENTS)('%s: every relative link leads to a file, and every #anchor to a heading in it', (document) => {
    const broken: string[] = [];
    for (const link of relativeLinks(document)) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? join(ROOT, document) : join(ROOT, dirname(document), path);
      if (!existsSync(target)) {
        broken.push(`${link}: no file ${relative(ROOT, target)}`);
      } else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${relative(ROOT, target)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README short enough to read in five minutes', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });
});
