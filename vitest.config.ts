import { defineConfig } from 'vitest/config';

// `npm test` starts the emulator suite twice (scripts/test-runs.mjs, TEST_RUNS): unit, rules and
// integration against the defaults, then `configured` against emulators started with the params
// its tests need (App Check required, a ring timeout of 30 s, the "still going" notice on). The
// Functions emulator fixes params when it starts. `npm run test:soak` plays the long runs: the
// races and the fuzz at full size (BECKON_SOAK=1), `soak` (a burst with failing devices) and
// `deploy` (the functions folder uploaded, installed and loaded as `firebase deploy` would).
//
// `isolate: false` (here and on unit and rules): the files of a project share one worker and its
// loaded modules, instead of a fresh module graph each (about 1 s per unit file and 2 s per emulator
// file; some 50 s of a main boot). The tests keep no state between files that this could leak:
// every client app has a name of its own, and every test signs up users of its own.
const emulated = { globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 30_000, isolate: false };

/**
 * Test files at a time in the main boot (unit, rules, integration). One: with two, `npm test` took
 * 499-565 s instead of 537-670 s (its tests mostly wait on the emulators), but one of four clean-clone
 * runs failed a test with "the client is offline" (a client SDK that could not reach the
 * Firestore emulator within its 10 s, with every function starting its first workers at once).
 * A flaky floor costs more than the minutes; the files that change what the whole boot shares
 * already run apart (RUN_ALONE), so two is one edit away once the first minute's load is tamed.
 */
const MAIN_WORKERS = 1;

/**
 * Test files that change what every test of the boot shares: the fault-injection control document
 * (one per emulator run; `firestore.unavailable` strikes whatever runs), the failed events awaiting
 * redelivery, the fleet's delivery-health counters. They run after the others, one at a time.
 */
const RUN_ALONE = ['test/integration/faults.test.ts', 'test/integration/delivery-health.test.ts'];

export default defineConfig({
  test: {
    // One file at a time unless a project says otherwise (the main boot's projects do, above):
    // tried with four, the suite took as long and pushes waited past their tests' timeouts. The
    // Firestore emulator hands trigger functions one event at a time, and every request in flight
    // to a function costs the Functions emulator a worker process of its own.
    maxWorkers: 1,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, maxWorkers: MAIN_WORKERS } },
      {
        test: {
          name: 'rules',
          include: ['test/rules/**/*.test.ts'],
          isolate: false,
          maxWorkers: MAIN_WORKERS,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'client/test/**/*.test.ts'],
          exclude: RUN_ALONE,
          ...emulated,
          maxWorkers: MAIN_WORKERS,
        },
      },
      {
        // After the main boot's other projects (a higher groupOrder runs later), one file at a time.
        test: { name: 'integration-alone', include: RUN_ALONE, ...emulated, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
      {
        test: {
          // Calls here wait for their ring to time out, which takes longer than a test usually may.
          name: 'configured',
          include: ['test/configured/**/*.test.ts'],
          ...emulated,
          testTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'soak',
          include: ['test/soak/**/*.test.ts'],
          ...emulated,
        },
      },
      {
        // `firebase deploy` rehearsed: the upload, installed from the registry and loaded (`npm run test:soak`).
        test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], testTimeout: 600_000 },
      },
      {
        // `npm start` as a newcomer runs it: its output, and Ctrl-C (`npm run test:soak`).
        test: { name: 'start', include: ['test/start/**/*.test.ts'], testTimeout: 600_000 },
      },
      {
        test: {
          // The demo app in Chromium (`npm run test:e2e`), against emulators that serve and seed it.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
