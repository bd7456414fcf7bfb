import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSnippets, documentationSnippets } from '../support/doc-snippets.js';

// The client library as an app gets it: `npm run build:client` makes client/dist, and an app
// resolves `beckon-client` by its name through the package's exports (here through the
// workspace's link in node_modules, as after `npm install` of the packed tarball).

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the built client package', () => {
  let built = '';
  beforeAll(() => {
    // The bundle, then the declarations: a few seconds.
    execFileSync(process.execPath, ['scripts/build-client.mjs'], { stdio: 'pipe' });
    built = readFileSync('client/dist/index.js', 'utf8');
  }, 60_000);

  it('bundles the library with the firebase SDK left to the app (one SDK instance, the app’s) and no server code', () => {
    // Import statements only (they end the line): `where("from", "==", me)` is no import.
    const bareImports = [...built.matchAll(/\bfrom\s*"([^".][^"]*)";$/gm)].map((match) => match[1]);
    expect(new Set(bareImports)).toEqual(new Set(['firebase/auth', 'firebase/firestore', 'firebase/functions']));
    expect(built).not.toMatch(/firebase-admin|firebase-functions|from "zod"/);
  });

  it('loads by its name and exports the client, its error and the p2p session', async () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('beckon-client'); const e = new m.BeckonError('not-found', 'x', { field: 'calleeId' }); console.log(JSON.stringify([Object.keys(m).sort(), typeof m.beckonClient, e.code, e instanceof Error]))",
      ],
      { cwd: 'client/consumer-check', encoding: 'utf8' },
    );
    expect(JSON.parse(loaded)).toEqual([['BeckonError', 'beckonClient', 'startP2PSession'], 'function', 'not-found', true]);
  });

  it("typechecks an app's code against its declarations: the contract's types, not any", { timeout: 60_000 }, () => {
    // client/consumer-check/app.ts also holds lines the types must refuse (@ts-expect-error): a
    // misspelt callable or field, a wrong option, a code Beckon never answers, details of another code.
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', 'client/consumer-check/tsconfig.json'], { encoding: 'utf8' });
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    })();
    expect(result).toBe('');
  });

  it(
    'compiles every TypeScript snippet of the README and docs/ against the packed library and the real firebase types',
    { timeout: 120_000 },
    () => {
      const snippets = documentationSnippets('.');
      // The README's quick start, the client library's page and the walk-throughs at least.
      const sources = new Set(snippets.map((snippet) => snippet.source));
      for (const page of ['README.md', 'docs/apps.md', 'docs/client-library.md']) expect(sources).toContain(page);
      expect(compileSnippets('.', snippets)).toEqual([]);
    },
  );
});
