import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Every TypeScript snippet of the README and docs/, compiled as an app would compile it: in a
// scratch ES-module project with the packed client library installed beside the real `firebase`.
// A snippet's placeholders (the app's `firebaseApp`, a `deviceId`...) come from a hidden prelude,
// an HTML comment above its fence: <!-- prelude: declare const deviceId: string; -->.

export type Snippet = { source: string; line: number; prelude: string; code: string };

const FENCE = /^```(ts|typescript)\s*$/;
const PRELUDE = /^<!--\s*prelude:([\s\S]*?)-->\s*$/;

/** The ```ts blocks of one Markdown file, each with the prelude above it (if any). */
export function snippetsOf(path: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!FENCE.test(lines[index] ?? '')) continue;
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    if (end < 0) throw new Error(`${path}:${index + 1}: a code block that never closes`);
    // Prettier may leave a blank line between the comment and the fence.
    let above = index - 1;
    while (above > 0 && lines[above]?.trim() === '') above -= 1;
    const prelude = PRELUDE.exec(lines[above] ?? '')?.[1]?.trim() ?? '';
    snippets.push({ source: path, line: index + 1, prelude, code: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return snippets;
}

/** The README and every Markdown file under docs/. */
export function documentationSnippets(root: string): Snippet[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', ...docs.sort()].flatMap((path) => snippetsOf(path, readFileSync(join(root, path), 'utf8')));
}

/**
 * Packs client/ (built beforehand), installs the tarball into a scratch ESM project whose
 * `firebase`, `firebase-admin` and `zod` are the repository's, writes each snippet as a module of its
 * own and runs tsc over them. Answers tsc's errors, each pointed back at its Markdown line.
 */
export function compileSnippets(root: string, snippets: Snippet[]): string[] {
  const project = mkdtempSync(join(tmpdir(), 'beckon-snippets-'));
  const modules = join(project, 'node_modules');
  const packed = JSON.parse(
    execFileSync('npm', ['pack', './client', '--pack-destination', project, '--json', '--silent'], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string }[];
  mkdirSync(join(modules, 'beckon-client'), { recursive: true });
  execFileSync('tar', ['-xzf', join(project, packed[0]!.filename), '-C', join(modules, 'beckon-client'), '--strip-components=1']);
  for (const name of ['firebase', 'firebase-admin', 'zod']) symlinkSync(resolve(root, 'node_modules', name), join(modules, name));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'snippets', private: true, type: 'module' }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2023', 'DOM'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['*.ts'],
    }),
  );
  const origin = new Map<string, Snippet>();
  snippets.forEach((snippet, index) => {
    const file = `snippet-${index}.ts`;
    origin.set(file, snippet);
    // The prelude shares the snippet's first line, so tsc's line numbers are the snippet's own; `export {}` makes every snippet a module (top-level await).
    writeFileSync(join(project, file), `${snippet.prelude.replaceAll('\n', ' ')} ${snippet.code}\nexport {};\n`);
  });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = /^(snippet-\d+\.ts)\((\d+),\d+\): (.*)$/.exec(line);
      const snippet = at ? origin.get(at[1]!) : undefined;
      return snippet && at ? `${snippet.source}:${snippet.line + Number(at[2])}: ${at[3]}` : line;
    });
}
