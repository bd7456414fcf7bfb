// Bundles the demo app (web/src) for the browser into web/public/app.js, and its operator page
// into web/public/operator.js, which Hosting serves.
// esbuild's API rather than its command: the command is swapped for the native binary only when
// npm runs install scripts, and the API works either way.
import { build } from 'esbuild';

for (const [entry, out] of [
  ['web/src/main.ts', 'web/public/app.js'],
  ['web/src/operator.ts', 'web/public/operator.js'],
]) {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    minify: true,
    outfile: out,
  });
}
