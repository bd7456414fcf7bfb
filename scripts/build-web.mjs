// Bundles the demo app (web/src) for the browser into web/public/app.js, which Hosting serves.
// esbuild's API rather than its command: the command is swapped for the native binary only when
// npm runs install scripts, and the API works either way.
import { build } from 'esbuild';

await build({
  entryPoints: ['web/src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  minify: true,
  outfile: 'web/public/app.js',
});
