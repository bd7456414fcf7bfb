import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every Functions worker loads the whole entry point, whichever function it serves, and a cold
// start pays for what that load pulls in. Beckon's own modules cost little; zod, firebase-admin
// and the Firestore client cost a few hundred milliseconds, so they load at a function's first
// request (callable.ts, event-trigger.ts), never with the entry point. One static import of the
// contract from config.ts undid that once and took the cold start from 1.5x to 2.1x hello-world
// (docs/performance.md): this walks the imports the entry point loads and names the culprit.

const ENTRY = 'functions/src/index.ts';

/** The modules a file loads when it loads: static imports and re-exports that are not type-only. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** Every package the entry point loads, each with the chain of Beckon's files that brought it in. */
function packagesLoadedBy(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        walk(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'), [...chain, file]);
      } else {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!packages.has(name))
          packages.set(
            name,
            [...chain, file].map((f) => f.replace(`${process.cwd()}/`, '')),
          );
      }
    }
  };
  walk(resolve(entry), []);
  return packages;
}

describe("the functions' entry point", () => {
  it('loads firebase-functions and nothing heavier: zod, firebase-admin and Firestore wait for a first request', () => {
    const loaded = packagesLoadedBy(ENTRY);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const heavy = [...loaded].filter(([name]) => name !== 'firebase-functions' && !builtins.has(name));
    // The chain in the message says which import to make lazy (or which constant to move to a
    // file without imports, as contract/ring-time.ts and contract/call-limits.ts are).
    expect(heavy.map(([name, chain]) => `${name} <- ${chain.join(' <- ')}`)).toEqual([]);
    expect(loaded.has('firebase-functions')).toBe(true);
  });
});
