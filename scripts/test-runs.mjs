// The runs of `npm test` and `npm run test:soak` (which vitest projects and files, against emulators
// started with which params), and how a run's vitest JSON report is read for the summary.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * The params of the second emulator boot of `npm test` (test/configured): App Check required, as
 * production should have it; a ring timeout other than the default, so that the param is seen to
 * apply, and a ceiling on a call's own ring time below the absolute 180 s; the "still going" notice for group calls on; failing pushes retried quickly; media
 * peer to peer with STUN and TURN, its TURN secret given as an environment variable as an app
 * developer would (the launcher puts it where the emulator reads secrets); liveness in seconds,
 * not minutes (a heartbeat every 2 s, lost after 20 s of silence, the sweep every 2 s), so that a
 * crashed app's call is seen to end within a test; call waiting on; per-user limits of 5 a minute.
 */
export const CONFIGURED_PARAMS = {
  REQUIRE_APP_CHECK: 'true',
  RING_TIMEOUT_SECONDS: '30',
  MAX_RING_SECONDS: '60',
  NOTIFY_MISSED_ONGOING_CALL: 'true',
  PUSH_RETRY_BASE_DELAY_MS: '50',
  MEDIA_PROVIDER: 'p2p',
  MEDIA_TOKEN_TTL_SECONDS: '300',
  P2P_STUN_URLS: 'stun:stun.beckon.test:3478',
  P2P_TURN_URLS: 'turn:turn.beckon.test:3478?transport=udp,turns:turn.beckon.test:5349',
  P2P_TURN_SECRET: 'configured-turn-shared-secret',
  CALL_HEARTBEAT_SECONDS: '2',
  CALL_LIVENESS_TIMEOUT_SECONDS: '20',
  EMULATOR_SWEEP_SECONDS: '2',
  CALL_WAITING: 'true',
  // Per-user limits low enough to reach in a few requests (test/configured/request-limits.test.ts).
  RATE_LIMIT_RESPONSES_PER_MINUTE: '5',
  RATE_LIMIT_JOINS_PER_MINUTE: '5',
  RATE_LIMIT_MEDIA_CREDENTIALS_PER_MINUTE: '5',
  RATE_LIMIT_DEVICE_REGISTRATIONS_PER_MINUTE: '5',
  RATE_LIMIT_ACKNOWLEDGEMENTS_PER_MINUTE: '5',
  RATE_LIMIT_CALL_ENDS_PER_MINUTE: '5',
};

/**
 * The emulator suite of `npm test`'s configured boot, which runs alongside the main one (on
 * firebase.json's ports, those an app developer's app points at) on ports of its own.
 */
export const CONFIGURED_SUITE = {
  name: 'configured',
  ports: { auth: 9109, firestore: 8090, firestoreWebsocket: 9160, functions: 5011, hub: 4410, logging: 4510, eventarc: 9309, tasks: 9509 },
};

/** Every fault point at 20 % (docs/operating.md#faults-on-demand). */
export const CHAOS_FAULTS = [
  'trigger.crash_before',
  'push.crash_after_claim',
  'push.crash_after_send',
  'trigger.duplicate',
  'callable.commit_lost',
  'firestore.unavailable',
]
  .map((point) => `${point}=0.2`)
  .join(',');

/**
 * `npm run test:chaos`: Beckon's own faults, every point at 20 % at once (test/soak/chaos.test.ts),
 * in a boot of its own. Its logs carry the injected failures on purpose, so they are not scanned.
 * The last run of `npm run test:soak` too.
 */
export const CHAOS_RUNS = [
  { name: 'chaos', args: ['--project', 'soak', 'test/soak/chaos.test.ts'], params: { FAULT_INJECTION: CHAOS_FAULTS } },
];

/** Hostile input must never reach an unhandled error: these runs scan the functions' logs for one. */
const UNHANDLED_ERROR = /Unhandled error|"severity":"ERROR"/;

/**
 * `npm test`: two emulator boots, because the Functions emulator fixes its params when it starts.
 * Each run names its vitest projects (and files); see vitest.config.ts.
 */
export const TEST_RUNS = [
  // No test of the main boot waits for a ring to time out, but every call its tests leave ringing
  // has an expiry task that the emulator retries every second or two until due: one slot per queue
  // keeps that churn from competing with the tests for two cores.
  {
    name: 'main',
    args: ['--project', 'unit', '--project', 'rules', '--project', 'integration', '--project', 'integration-alone'],
    // FAULT_INJECTION armed at rate 0: no fault strikes until a test sets one (test/integration/faults.test.ts).
    params: { EXPIRY_MAX_CONCURRENT_DISPATCHES: '1', FAULT_INJECTION: 'trigger.crash_before=0' },
  },
  // Alongside the main boot, on its own suite: its tests mostly wait on ring and liveness timers,
  // so they cost little beside it. It starts once the main boot's first functions have started
  // their workers (each costs about 2 s of CPU, and a minute of both boots starting theirs at once
  // is when a client SDK's request is likeliest to find the Firestore emulator too slow), and ends
  // well before the main boot does.
  {
    name: 'configured',
    args: ['--project', 'configured'],
    params: CONFIGURED_PARAMS,
    failOnLog: UNHANDLED_ERROR,
    suite: CONFIGURED_SUITE,
    alongside: { afterMs: 75_000 },
  },
];

/**
 * `npm run test:soak`: the races and the fuzz at full size (BECKON_SOAK=1: 50 rounds, 1,000
 * payloads a callable), a burst of 300 calls with failing devices in a boot of its own (its calls
 * ring for minutes, and each holds one of the emulator's few expiry-task slots meanwhile), and the
 * chaos soak (CHAOS_RUNS).
 */
export const SOAK_RUNS = [
  {
    name: 'soak: races',
    args: [
      '--project',
      'integration',
      'test/integration/races.test.ts',
      'test/integration/group-races.test.ts',
      'test/integration/ghost-calls.test.ts',
    ],
    params: { BECKON_SOAK: '1' },
  },
  {
    name: 'soak: ring timeouts and fuzz',
    args: [
      '--project',
      'configured',
      'test/configured/ring-timeout.test.ts',
      'test/configured/group-timeout-race.test.ts',
      'test/configured/call-waiting.test.ts',
      'test/configured/fuzz.test.ts',
    ],
    params: { ...CONFIGURED_PARAMS, BECKON_SOAK: '1' },
    failOnLog: UNHANDLED_ERROR,
  },
  {
    name: 'soak: load with faults',
    args: ['--project', 'soak', 'test/soak/load-with-faults.test.ts'],
    // Its calls ask for the longest ring there is (180 s), above the configured boot's ceiling.
    params: { ...CONFIGURED_PARAMS, MAX_RING_SECONDS: '180' },
    failOnLog: UNHANDLED_ERROR,
  },
  // No emulators: it installs the functions folder from the registry into a copy and loads it.
  { name: 'deploy rehearsal', args: ['--project', 'deploy'], params: {}, emulators: false },
  // No emulators of its own: it runs `npm start` (the launcher) and stops it as Ctrl-C would.
  { name: 'npm start', args: ['--project', 'start'], params: {}, emulators: false },
  ...CHAOS_RUNS.map((run) => ({ ...run, name: 'soak: chaos' })),
];

/**
 * The first line of a failed test's first message, cut short: CI keeps only the tail of a long
 * run's output, where the summary is, and a failure that cannot be reproduced at once is otherwise
 * a name with no cause.
 */
function why(messages) {
  const first = String(messages?.[0] ?? '')
    .split('\n')[0]
    .trim();
  if (first === '') return '';
  return `\n          ${first.length > 600 ? `${first.slice(0, 600)}…` : first}`;
}

/** The tests vitest's JSON report lists, and those that failed (a file that failed to load counts as its own failure). */
export function readReport(path, root) {
  if (!existsSync(path)) return { failed: [] };
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const failed = [];
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name);
    const tests = file.assertionResults ?? [];
    for (const test of tests) if (test.status === 'failed') failed.push(`${name} > ${test.fullName}${why(test.failureMessages)}`);
    if (file.status === 'failed' && !tests.some((test) => test.status === 'failed'))
      failed.push(`${name}: ${String(file.message).split('\n')[0]}`);
  }
  return { total: report.numTotalTests ?? 0, failed };
}
