// Builds the client library as a package an app installs (client/dist): one ES module bundle, with
// the firebase SDK left to the app (a peer dependency: one SDK instance, the app's), and the type
// declarations. The declarations keep the repository's layout under dist/types, so the library's
// types still import the one contract (functions/src/contract) rather than a copy of it.
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

rmSync('client/dist', { recursive: true, force: true });
await build({
  entryPoints: ['client/src/index.ts'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  outfile: 'client/dist/index.js',
});
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = spawnSync(process.execPath, [tsc, '-p', 'client/tsconfig.build.json'], { stdio: 'inherit' });
process.exit(declarations.status ?? 1);
