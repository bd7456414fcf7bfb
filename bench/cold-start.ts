import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Distribution, distribution } from './stats.js';

/** A one-function module with the same firebase-functions: the floor for loading any function. */
const HELLO_WORLD = `
const { onCall } = require('firebase-functions/https');
exports.hello = onCall({ region: 'us-central1' }, () => ({ hello: 'world' }));
`;

function loadTime(entry: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(entry)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, GCLOUD_PROJECT: 'demo-beckon', FIREBASE_CONFIG: JSON.stringify({ projectId: 'demo-beckon' }) },
  });
  if (result.status !== 0) throw new Error(`loading ${entry} failed: ${result.stderr}`);
  return Number(result.stdout.trim().split('\n').pop());
}

/** Time to `require` the built functions in a fresh Node process, against hello-world, alternating. */
export function measureColdStart(root: string, rounds = 15): { beckon: Distribution; helloWorld: Distribution; ratio: number } {
  // Outside functions/ so it is never deployed; firebase-functions resolves from the root node_modules.
  const dir = join(root, '.beckon', 'cold-start');
  mkdirSync(dir, { recursive: true });
  const hello = join(dir, 'hello-world.cjs');
  writeFileSync(hello, HELLO_WORLD);
  const beckonEntry = join(root, 'functions', 'lib', 'index.js');
  const beckon: number[] = [];
  const helloWorld: number[] = [];
  loadTime(beckonEntry);
  loadTime(hello);
  for (let i = 0; i < rounds; i++) {
    beckon.push(loadTime(beckonEntry));
    helloWorld.push(loadTime(hello));
  }
  const b = distribution(beckon);
  const h = distribution(helloWorld);
  return { beckon: b, helloWorld: h, ratio: Math.round((b.p50 / h.p50) * 100) / 100 };
}
