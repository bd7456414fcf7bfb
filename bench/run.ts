// `npm run bench`: run by scripts/beckon.mjs inside a fresh emulator suite (see bench/README in BENCHMARKS.md).
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteClientApps, signUp } from '../test/support/client.js';
import { clearFirestore } from '../test/support/emulators.js';
import { measureBurst } from './burst.js';
import { measureColdStart } from './cold-start.js';
import { measureCost } from './cost.js';
import { measureRepeatCost } from './repeat-cost.js';
import { measureLatency } from './latency.js';
import { measureMediaCredentials } from './media-credentials.js';
import { type Distribution, ratio } from './stats.js';
import { markdownReport } from './report.js';
import { measureCallerSnapshots } from './quiet-listeners.js';
import { measureRingTimeouts } from './ring-timeouts.js';
import { registerDevice } from '../test/support/fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const log = (line: string) => console.log(`[bench] ${line}`);

/** The Firestore cost of a call, measured and printed. */
async function logCost() {
  log('cost: counting Firestore reads and writes');
  const cost = await measureCost(20);
  log(`cost: ${cost.readsPerInvitation} reads, ${cost.writesPerInvitation} writes per invitation`);
  log(`cost: ${cost.readsPerReceipt} reads, ${cost.writesPerReceipt} writes per receipt`);
  log(`cost: ${cost.readsPerAcceptAndEnd} reads, ${cost.writesPerAcceptAndEnd} writes per accept and end`);
  const parts = { invitation: cost.invitationByFunction, receipt: cost.receiptByFunction, 'accept and end': cost.acceptAndEndByFunction };
  for (const [part, byFunction] of Object.entries(parts))
    for (const [name, ops] of Object.entries(byFunction)) log(`cost: ${part}: ${name} ${ops.reads} reads, ${ops.writes} writes`);
  return cost;
}

async function main() {
  const rounds = flag('rounds', 200);
  const warmup = flag('warmup', 20);
  const burstN = flag('burst', 500);
  const concurrency = flag('concurrency', 10);
  const timeouts = flag('timeouts', 60);
  await clearFirestore();
  // `--only repeat-cost` or `--only cost`: that part alone, printed, the results file left as it was.
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only === 'cost') {
    await logCost();
    await deleteClientApps();
    process.exit(0);
  }

  if (only === 'latency') {
    // `--only latency`: the latency rounds and the push's steps, printed; nothing written.
    const latency = await measureLatency(rounds, warmup, log);
    const { steps, ...totals } = latency;
    for (const [name, d] of Object.entries(totals)) log(`latency: ${name} p50 ${d.p50} p95 ${d.p95}`);
    for (const [path, byStep] of Object.entries(steps) as [string, Record<string, Distribution>][])
      for (const [step, d] of Object.entries(byStep)) log(`steps: ${path} ${step} p50 ${d.p50} p95 ${d.p95}`);
    await deleteClientApps();
    process.exit(0);
  }

  log('repeat cost: one user repeating each callable a user can repeat, in a call of nine');
  const repeatCost = await measureRepeatCost(10);
  for (const [name, { reads, writes }] of Object.entries(repeatCost)) log(`repeat cost: ${name} ${reads} reads, ${writes} writes each`);
  if (only === 'repeat-cost') {
    await deleteClientApps();
    process.exit(0);
  }

  log(`ring timeouts: ${timeouts} calls of a 5 s ring, 10 at a time`);
  const ringTimeouts = await measureRingTimeouts(timeouts, log);

  log('cold start: loading the built functions in fresh Node processes');
  const coldStart = measureColdStart(ROOT);
  log(`cold start: ${coldStart.beckon.p50} ms vs hello-world ${coldStart.helloWorld.p50} ms`);

  const cost = await logCost();

  log(`latency: ${warmup} warm-up and ${rounds} measured rounds`);
  const latency = await measureLatency(rounds, warmup, log);

  log("quiet listeners: snapshots of the caller's listener per call");
  const [quietCaller, quietCallee] = await Promise.all([signUp('Quiet Caller'), signUp('Quiet Callee')]);
  await registerDevice(quietCallee, { deviceId: 'bench-phone', platform: 'android' });
  await registerDevice(quietCallee, { deviceId: 'bench-tablet', platform: 'ios' });
  const quiet = await measureCallerSnapshots(quietCaller, quietCallee);
  log(`quiet listeners: ${quiet.callerSnapshotsPerCall} snapshots per call (expected ${quiet.expectedPerCall})`);

  log('media credentials: getMediaCredentials with LiveKit, beside one read of the call');
  const mediaCredentials = await measureMediaCredentials(100);
  log(`media credentials: p50 ${mediaCredentials.credentials.p50} ms vs a read ${mediaCredentials.callRead.p50} ms`);

  log(`burst: ${burstN} invitations, at most ${concurrency} in flight`);
  const burst = await measureBurst(burstN, concurrency, log);

  const results = {
    ring: latency.ring,
    floor: latency.floor,
    push: latency.push,
    delivery: latency.delivery,
    floors: {
      client: latency.floor,
      bareCallable: latency.bareCallable,
      bareChain: latency.bareChain,
      checkedCallable: latency.checkedCallable,
      leasedChain: latency.leasedChain,
    },
    pushSteps: latency.steps,
    ringOverFloorP50: ratio(latency.ring.p50, latency.floor.p50),
    ringOverBareCallableP50: ratio(latency.ring.p50, latency.bareCallable.p50),
    pushOverBareChainP50: ratio(latency.push.p50, latency.bareChain.p50),
    ringOverCheckedCallableP50: ratio(latency.ring.p50, latency.checkedCallable.p50),
    pushOverLeasedChainP50: ratio(latency.push.p50, latency.leasedChain.p50),
    callerSnapshotsPerCall: quiet.callerSnapshotsPerCall,
    quietListeners: quiet,
    pushOverRingP50: ratio(latency.push.p50, latency.ring.p50),
    deliveryOverRingP50: ratio(latency.delivery.p50, latency.ring.p50),
    burst,
    mediaCredentials,
    ringTimeouts,
    cost,
    repeatCost,
    coldStartRatio: coldStart.ratio,
    coldStart,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    date: new Date().toISOString(),
    commit: execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim(),
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = markdownReport(results);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
  console.log(report);

  await deleteClientApps();
  if (burst.duplicates !== 0 || burst.lost !== 0) {
    console.error(`[bench] FAILED: burst had ${burst.duplicates} duplicates and ${burst.lost} lost`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
