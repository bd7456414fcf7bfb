import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as config from '../../functions/src/config.js';

// The launcher writes every param into functions/.env.local for the Functions emulator, defaults
// included (scripts/beckon.mjs, EMULATOR_PARAMS): they repeat config.ts's, and this holds the two together.

/** The emulator's own choices, which differ from the deployed default on purpose (see the launcher). */
const EMULATOR_OVERRIDES = new Set(['EXPIRY_MAX_CONCURRENT_DISPATCHES']);

function launcherParams(): Record<string, string> {
  const source = readFileSync('scripts/beckon.mjs', 'utf8');
  const block = /const EMULATOR_PARAMS = \{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/^\s*([A-Z0-9_]+): '([^']*)',/gm)].map(([, name = '', value = '']) => [name, value]));
}

const declared = Object.values(config).flatMap((value) => {
  const param = value as { name?: unknown; options?: { default?: unknown }; constructor?: { name?: string } };
  return typeof param === 'object' && typeof param.name === 'string' && param.constructor?.name !== 'SecretParam'
    ? [{ name: param.name, fallback: String(param.options?.default) }]
    : [];
});

describe("the launcher's emulator params", () => {
  it('names only params config.ts declares, with config.ts defaults', () => {
    const written = launcherParams();
    expect(Object.keys(written).length).toBeGreaterThan(10);
    const byName = new Map(declared.map((param) => [param.name, param.fallback]));
    for (const [name, value] of Object.entries(written)) {
      expect(byName.has(name), `${name} is declared in config.ts`).toBe(true);
      if (!EMULATOR_OVERRIDES.has(name)) expect(value, name).toBe(byName.get(name));
    }
  });

  it('gives every param config.ts declares a value: a param without one has the emulator print "Prompting for parameters"', () => {
    const written = launcherParams();
    expect(declared.map((param) => param.name).filter((name) => !(name in written))).toEqual([]);
  });
});
