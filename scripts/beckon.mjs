#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run emulators:exec` and `npm run bench`.
// It runs with Node's standard library only, because on a fresh clone nothing is installed yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findJava } from './java.mjs';
import { prepareFirestoreJar } from './firestore-jar.mjs';
import { CHAOS_RUNS, SOAK_RUNS, TEST_RUNS, readReport } from './test-runs.mjs';
import { TURN_URL, hasTurnServer, startTurnServer } from './turn-server.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const FUNCTIONS = join(ROOT, 'functions');
const PROJECT_ID = 'demo-beckon';
const EMULATORS = 'auth,firestore,functions';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VITEST = join('node_modules', 'vitest', 'vitest.mjs');

const log = (line) => console.log(`[beckon] ${line}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/**
 * Installs the dependencies (root and the functions workspace, one lockfile) when node_modules
 * is missing or older than the lockfile.
 */
function ensureInstalled() {
  const lock = join(ROOT, 'package-lock.json');
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  log('installing dependencies');
  // The lockfile pins every version and its checksum, so a tarball already in npm's cache needs no
  // second look at the registry: 46-64 s instead of 67-82 s here, measured in turns. Whatever the
  // cache lacks is still fetched.
  run(NPM, [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund', '--prefer-offline']);
}

/** Compiles one TypeScript project; resolves when tsc is done, rejects when it fails. */
function tsc(project) {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, project)], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p ${project} failed (exit ${code})`)))),
  );
}

function buildFunctions() {
  log('building functions');
  return tsc('functions/tsconfig.json');
}

/** The tools that run beside the functions (the bench, the diagnose CLI, test helpers) into .beckon/tools. */
async function buildTools() {
  log('building tools');
  await tsc('tsconfig.tools.json');
  // TypeScript compiled the functions' sources there as CommonJS (functions/package.json says so);
  // this tells Node the same, inside a tree whose root package is ESM.
  const compiledFunctions = join(ROOT, '.beckon', 'tools', 'functions');
  if (existsSync(compiledFunctions)) writeFileSync(join(compiledFunctions, 'package.json'), '{ "type": "commonjs" }\n');
}

/** The demo app (web/src) bundled for the browser into web/public/app.js (and its operator page into operator.js), which Hosting serves. */
function buildWeb() {
  log('building the demo app');
  run(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')]);
}

/**
 * The functions' params (see functions/src/config.ts), as the emulator should see them. The
 * Functions emulator reads params from functions/.env* files only, never from the shell, so this
 * file is written from the shell's variables on every start: `PUSH_TRANSPORT=disabled npm start`.
 * Every param is written, defaults included (they repeat config.ts's): firebase-tools prompts for,
 * or in a non-interactive run refuses, any param that has no value in the file.
 */
const EMULATOR_PARAMS = {
  PUSH_TRANSPORT: 'auto',
  RING_TIMEOUT_SECONDS: '45',
  COUNT_FIRESTORE_OPS: 'false',
  ANDROID_CALL_CHANNEL_ID: 'beckon_calls',
  APNS_BUNDLE_ID: 'com.example.beckon',
  APNS_KEY_ID: '',
  APNS_TEAM_ID: '',
  APNS_ENVIRONMENT: 'production',
  RATE_LIMIT_INVITATIONS_PER_MINUTE: '30',
  RATE_LIMIT_INVITATIONS_PER_CALLEE_PER_MINUTE: '10',
  RATE_LIMIT_RESPONSES_PER_MINUTE: '30',
  RATE_LIMIT_JOINS_PER_MINUTE: '20',
  RATE_LIMIT_MEDIA_CREDENTIALS_PER_MINUTE: '30',
  RATE_LIMIT_DEVICE_REGISTRATIONS_PER_MINUTE: '20',
  RATE_LIMIT_ACKNOWLEDGEMENTS_PER_MINUTE: '60',
  RATE_LIMIT_CALL_ENDS_PER_MINUTE: '30',
  REQUIRE_APP_CHECK: 'false',
  PUSH_RETRY_MAX_ATTEMPTS: '4',
  PUSH_RETRY_BASE_DELAY_MS: '1000',
  // The emulator runs expiry tasks at once and retries them until due, each holding a worker: five
  // at a time per queue keeps that load off two cores (deployed, the default is 200).
  EXPIRY_MAX_CONCURRENT_DISPATCHES: '5',
  NOTIFY_MISSED_ONGOING_CALL: 'false',
  MAX_DEVICES_PER_USER: '10',
  MEDIA_PROVIDER: 'none',
  MEDIA_TOKEN_TTL_SECONDS: '600',
  LIVEKIT_URL: '',
  LIVEKIT_API_KEY: '',
  LIVEKIT_API_URL: '',
  AGORA_APP_ID: '',
  P2P_STUN_URLS: '',
  P2P_TURN_URLS: '',
  CALL_HEARTBEAT_SECONDS: '30',
  CALL_LIVENESS_TIMEOUT_SECONDS: '90',
  CALL_WAITING: 'false',
  MAX_CALL_MINUTES: '240',
  MAX_RING_SECONDS: '180',
  MAX_CALL_PARTICIPANTS: '9',
  HEALTH_COUNTER_SHARDS: '16',
  HEALTH_RETENTION_DAYS: '90',
};

/**
 * The functions' secrets (config.ts defineSecret). On the emulators their values come from
 * functions/.secret.local: an environment variable of the same name sets one there, a secret with
 * no value gets a placeholder so the emulator does not ask Secret Manager for it, and any other
 * line of the file is kept as you wrote it.
 */
const EMULATOR_SECRETS = ['APNS_KEY', 'LIVEKIT_API_SECRET', 'AGORA_APP_CERTIFICATE', 'P2P_TURN_SECRET'];
const SECRET_PLACEHOLDER = 'not-set-on-the-emulators';

/** Writes the params for the emulator and returns them (the schedules' stand-in runs with the same). */
function writeEmulatorParams(env, folder) {
  const params = Object.fromEntries(Object.entries(EMULATOR_PARAMS).map(([key, fallback]) => [key, env[key] ?? fallback]));
  const lines = Object.entries(params).map(([key, value]) => `${key}=${value}`);
  // Not a param (a deployment must never have it): an environment variable of the emulator run
  // that the functions read themselves (functions/src/faults), so it goes in only when set.
  if (env.FAULT_INJECTION) lines.push(`FAULT_INJECTION=${env.FAULT_INJECTION}`);
  const header = '# Written by scripts/beckon.mjs on every emulator start; set these as environment variables instead.';
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '.env.local'), `${header}\n${lines.join('\n')}\n`);
  log(`emulator params: ${lines.join(' ')}`);
  writeEmulatorSecrets(env);
  return params;
}

/** See EMULATOR_SECRETS. Put a real APNs key in the file (and PUSH_TRANSPORT=fcm) to try real pushes from your laptop. */
function writeEmulatorSecrets(env) {
  const path = join(FUNCTIONS, '.secret.local');
  const header =
    "# Local values of the functions' secrets: scripts/beckon.mjs adds what is missing and what you set as environment variables; edit it freely.";
  let text = existsSync(path) ? readFileSync(path, 'utf8') : `${header}\n`;
  for (const name of EMULATOR_SECRETS) {
    const fromEnv = env[name];
    const present = new RegExp(`^${name}=`, 'm').test(text);
    if (fromEnv) {
      // Double-quoted, newlines escaped: a value (an APNs .p8 key) may span lines.
      const line = `${name}=${JSON.stringify(fromEnv)}`;
      text = present ? text.replace(new RegExp(`^${name}=.*$`, 'm'), () => line) : `${text}${line}\n`;
    } else if (!present) {
      text = `${text}${name}=${SECRET_PLACEHOLDER}\n`;
    }
  }
  writeFileSync(path, text);
}

/** Installs, builds and finds Java and the emulator jar once per process; `npm test` starts the emulators twice. */
let toolchain;
let toolsBuilt = false;

/**
 * Everything the emulators need before they start; `tools` also builds what tests and the bench run.
 * The two builds are separate tsc runs of about 13 s each: they run side by side (two cores).
 */
async function prepare({ tools, env = process.env, paramsFolder = FUNCTIONS }) {
  const builds = [];
  if (!toolchain) {
    ensureInstalled();
    builds.push(buildFunctions());
    const java = findJava();
    log(`using Java ${java.major} from ${java.javaHome}`);
    const jar = prepareFirestoreJar({ workDir: join(ROOT, '.beckon'), javaBinDir: java.binDir, log });
    if (jar) log(`Firestore emulator: ${jar}`);
    toolchain = { java, jar };
  }
  if (tools && !toolsBuilt) {
    builds.push(buildTools());
    toolsBuilt = true;
  }
  await Promise.all(builds);
  const params = writeEmulatorParams(env, paramsFolder);
  const { java, jar } = toolchain;
  return {
    ...env,
    [PARAMS_ENV]: JSON.stringify(params),
    JAVA_HOME: java.javaHome,
    PATH: `${java.binDir}${delimiter}${env.PATH ?? ''}`,
    // firebase-tools asks npm for updates on every start; offline that is only noise.
    NO_UPDATE_NOTIFIER: '1',
    // Nothing started here runs on Google Cloud. Left to look, firebase-admin (in the demo's seed,
    // the functions, the stand-in) asks for a metadata server, and now and then prints a
    // MetadataLookupWarning with a 403 that `npm start` should not show (CI's run of cda8466).
    METADATA_SERVER_DETECTION: 'none',
    ...(jar ? { FIRESTORE_EMULATOR_BINARY_PATH: jar } : {}),
  };
}

/**
 * Runs the firebase CLI and resolves with its exit code (and the log lines `failOnLog` matched). Ctrl-C reaches the CLI from the terminal
 * by itself (forwarding it too would make the CLI force-quit and leave emulators behind), so this
 * process only waits for it; a SIGTERM sent to this process is passed on. With `failOnLog`, the
 * CLI's output (which carries the functions' logs) is scanned: a line that matches turns a passing
 * run into a failing one. With `output`, the CLI writes to that file instead of this terminal (a
 * run alongside another, whose lines would otherwise be interleaved with its own).
 */
function firebase(args, env, { failOnLog, output } = {}) {
  const cli = join(ROOT, 'node_modules', 'firebase-tools', 'lib', 'bin', 'firebase.js');
  if (output) mkdirSync(dirname(output), { recursive: true });
  const file = output ? openSync(output, 'w') : undefined;
  const stdio = file !== undefined ? ['ignore', file, file] : failOnLog ? ['inherit', 'pipe', 'inherit'] : 'inherit';
  // The Auth emulator compiles its API's schemas on first use rather than at start (12 s a boot).
  const lazyAuthSchemas = ['--import', pathToFileURL(join(ROOT, 'scripts', 'auth-emulator-lazy.mjs')).href];
  const child = spawn(process.execPath, [...lazyAuthSchemas, cli, ...args], { stdio, cwd: ROOT, env });
  const matches = [];
  const scan = (line) => {
    if (failOnLog?.test(line)) matches.push(line);
  };
  if (failOnLog && file === undefined) {
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(scan);
    });
  }
  const waitForChild = () => {};
  const forward = () => child.kill('SIGTERM');
  process.on('SIGINT', waitForChild);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', waitForChild);
      process.off('SIGTERM', forward);
      if (file !== undefined) readFileSync(output, 'utf8').split('\n').forEach(scan);
      const exit = code ?? (signal ? 1 : 0);
      if (matches.length > 0) log(`${matches.length} log line(s) matched ${failOnLog}; the first: ${matches[0]}`);
      resolve({ code: matches.length > 0 ? exit || 1 : exit, matched: matches });
    });
  });
}

/** Where prepare() hands the params it wrote to the schedules' stand-in. */
const PARAMS_ENV = 'BECKON_EMULATOR_PARAMS';

/**
 * Starts scripts/emulator-schedules.mjs, Cloud Scheduler's stand-in, beside the emulators, with the
 * functions' params as its environment and the emulators' addresses; returns its stop. Its output
 * goes to .beckon/emulator-schedules.log (a line a minute would drown the tests' own).
 */
function startSchedules(env, ports, logName) {
  mkdirSync(join(ROOT, '.beckon'), { recursive: true });
  const out = openSync(join(ROOT, '.beckon', logName), 'w');
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'emulator-schedules.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', out, 'inherit'],
    env: {
      ...env,
      ...JSON.parse(env[PARAMS_ENV] ?? '{}'),
      GCLOUD_PROJECT: PROJECT_ID,
      // What the bench's Firestore op counts (COUNT_FIRESTORE_OPS) label this process's reads with.
      FUNCTION_TARGET: 'sweepSilentParticipants',
      // The handlers it runs are the emulators' (the push transport, fault injection): it is part of the emulator suite.
      FUNCTIONS_EMULATOR: 'true',
      FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
      FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
      // Where a redelivered ring event enqueues its expiry task.
      CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${ports.tasks}`,
    },
  });
  // It should live as long as the emulators: a stand-in that died takes every redelivery and sweep
  // with it, which tests would see only as calls that never end.
  let stopping = false;
  child.on('exit', (code, signal) => {
    // Ctrl-C in the terminal reaches every process of its group, this one among them.
    if (!stopping && signal !== 'SIGINT') log(`the schedules' stand-in stopped (${signal ?? `exit ${code}`}): see .beckon/${logName}`);
  });
  return () => {
    stopping = true;
    child.kill('SIGTERM');
  };
}

/**
 * Runs `command` inside a fresh emulator suite; resolves with `{ code, matched }` (see firebase()).
 * Without a `suite`, on firebase.json's ports; a `suite` (CONFIGURED_SUITE in test-runs.mjs) has
 * ports of its own and reads its params from its own folder, so that it can run alongside.
 */
async function emulatorsExec(command, env, { config, failOnLog, only = EMULATORS, suite, output } = {}) {
  const file = config ?? (suite ? writeSuiteConfig(suite) : writeEmulatorConfig('emulators'));
  const ports = emulatorPorts(file);
  const stopSchedules = startSchedules(env, ports, suite ? `emulator-schedules.${suite.name}.log` : 'emulator-schedules.log');
  // The client SDK's connectFunctionsEmulator needs the port; emulators:exec names the others itself.
  const commandEnv = { ...env, BECKON_FUNCTIONS_EMULATOR_HOST: `127.0.0.1:${ports.functions}` };
  try {
    return await firebase(['emulators:exec', '--config', file, '--project', PROJECT_ID, '--only', only, command], commandEnv, {
      failOnLog,
      output,
    });
  } finally {
    stopSchedules();
  }
}

/** The ports of the emulators a config file starts, with firebase-tools' defaults for those it leaves out. */
function emulatorPorts(file) {
  const { emulators = {} } = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
  const port = (name, fallback) => emulators[name]?.port ?? fallback;
  return { auth: port('auth', 9099), firestore: port('firestore', 8080), functions: port('functions', 5001), tasks: port('tasks', 9499) };
}

/** Where a suite's Functions emulator reads its params: functions/.env.local, or a suite's own folder. */
const paramsFolderOf = (suite) => (suite ? join(ROOT, '.beckon', `params-${suite.name}`) : FUNCTIONS);

/**
 * firebase.json with a suite's own ports, and its params read from its own folder (the codebase's
 * `configDir`): the Functions emulator reads .env.local again each time it starts a worker, so two
 * suites running at once cannot share one. The secrets file is shared (the emulator reads
 * .secret.local from the functions' folder only): the launcher writes it before either suite starts.
 */
function writeSuiteConfig(suite) {
  const at = (port) => ({ host: '127.0.0.1', port });
  const { ports } = suite;
  return writeEmulatorConfig(`emulators-${suite.name}`, (config) => ({
    ...config,
    functions: config.functions.map((codebase) => ({ ...codebase, configDir: relative(ROOT, paramsFolderOf(suite)) })),
    emulators: {
      ...config.emulators,
      auth: at(ports.auth),
      firestore: { ...at(ports.firestore), websocketPort: ports.firestoreWebsocket },
      functions: at(ports.functions),
      hub: at(ports.hub),
      logging: at(ports.logging),
      eventarc: at(ports.eventarc),
      tasks: at(ports.tasks),
    },
  }));
}

/**
 * firebase.json as the emulators should read it, written beside it as firebase.<name>.json (generated,
 * not checked in: `firebase deploy` reads firebase.json alone). The functions run on the Node that
 * runs the emulators: firebase.json's `runtime` is what Cloud Functions runs when deployed (the
 * deployer's choice), and the emulator, asked for another major than the host's, warns on every
 * start and uses the host's anyway.
 */
function writeEmulatorConfig(name, change = (config) => config) {
  const config = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8'));
  const hostRuntime = `nodejs${process.versions.node.split('.')[0]}`;
  config.functions = config.functions.map((codebase) => ({ ...codebase, runtime: hostRuntime }));
  const file = `firebase.${name}.json`;
  writeFileSync(join(ROOT, file), `${JSON.stringify(change(config), null, 2)}\n`);
  return file;
}

/** Hosting serving the demo app (web/public) on port 5000, so that `firebase deploy` deploys Beckon and not the demo. */
const writeDemoConfig = () =>
  writeEmulatorConfig('demo', (config) => ({
    ...config,
    hosting: { public: 'web/public', ignore: ['**/.*'] },
    emulators: { ...config.emulators, hosting: { host: '127.0.0.1', port: 5000 } },
  }));

/** Runs `command` against the emulators with the demo app served and its data seeded. */
function withDemo(command, env, options = {}) {
  buildWeb();
  return emulatorsExec(command, env, { ...options, config: writeDemoConfig(), only: `${EMULATORS},hosting` });
}

/** The bench's floor functions (bench/functions) as a codebase of their own, which `firebase deploy` never sees. */
const writeBenchConfig = () =>
  writeEmulatorConfig('bench', (config) => ({
    ...config,
    functions: [...config.functions, { source: 'bench/functions', codebase: 'bench-floors', runtime: config.functions[0].runtime }],
  }));

/**
 * A command of ours for emulators:exec, which runs it through \`sh -c\`: \`exec\` puts it in the shell's
 * place, so that Ctrl-C reaches it rather than a shell that dies of it ("Script exited with signal").
 */
const ownCommand = (argv) => `exec ${argv.map(quote).join(' ')}`;
const vitestCommand = (args) => ownCommand([process.execPath, VITEST, 'run', ...args]);

/**
 * Plays every run, even after one failed (a newcomer should learn about all of them), and ends
 * with one summary: each run passed or failed, and which tests failed. Exits non-zero if any did.
 */
async function testRuns(runs) {
  const results = [];
  for (const step of inSteps(runs)) results.push(...(await playStep(step)));
  log('summary');
  for (const { run, code, matched, seconds, total, failed } of results) {
    const counts =
      total === undefined ? 'no test report (the emulators or vitest did not start)' : `${total - failed.length} of ${total} tests passed`;
    log(`  ${code === 0 ? 'passed' : 'FAILED'}  ${run.name}: ${counts}, ${seconds} s`);
    for (const name of failed) log(`      failed: ${name}`);
    if (matched.length > 0) log(`      ${matched.length} log line(s) matched ${run.failOnLog}; the first: ${matched[0]}`);
  }
  return results.some((result) => result.code !== 0) ? 1 : 0;
}

/** Runs grouped as they are played: each with the runs `alongside` it that follow it. */
function inSteps(runs) {
  const steps = [];
  for (const run of runs) {
    if (run.alongside && steps.length > 0) steps.at(-1).push(run);
    else steps.push([run]);
  }
  return steps;
}

/**
 * One run, and the runs alongside it started `alongside.afterMs` later on suites of their own. All
 * their params and secrets are written before the first starts: a Functions emulator reads them
 * again each time it starts a worker. A run alongside writes its output to a file, printed when it
 * is over, so that the two runs' lines are not interleaved.
 */
async function playStep([lead, ...alongside]) {
  const envs = new Map();
  for (const run of [...alongside, lead]) {
    log(`test run: ${run.name}${run.alongside ? ` (alongside ${lead.name}, ${run.alongside.afterMs / 1000} s after it)` : ''}`);
    envs.set(run, await prepare({ tools: true, env: { ...process.env, ...run.params }, paramsFolder: paramsFolderOf(run.suite) }));
  }
  let leadOver;
  const leadDone = new Promise((resolve) => (leadOver = resolve));
  const play = async (run) => {
    const report = join(ROOT, '.beckon', 'test-results', `${run.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
    rmSync(report, { force: true });
    const output = run.alongside ? report.replace(/\.json$/, '.log') : undefined;
    const args = [...run.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
    const started = Date.now();
    const env = envs.get(run);
    const { code, matched } =
      run.emulators === false
        ? { code: spawnSync(process.execPath, [VITEST, 'run', ...args], { stdio: 'inherit', cwd: ROOT, env }).status ?? 1, matched: [] }
        : await emulatorsExec(vitestCommand(args), env, { failOnLog: run.failOnLog, suite: run.suite, output });
    return { run, code, matched, output, seconds: Math.round((Date.now() - started) / 1000), ...readReport(report, ROOT) };
  };
  const later = alongside.map(async (run) => {
    await Promise.race([leadDone, new Promise((resolve) => setTimeout(resolve, run.alongside.afterMs))]);
    return play(run);
  });
  // Should the lead throw (its emulators could not start), the launcher exits at once, and a run
  // still waiting on its timer goes with it rather than starting emulators nobody would stop.
  const first = await play(lead);
  leadOver();
  const rest = await Promise.all(later);
  for (const { run, output } of rest) {
    log(`the output of ${run.name}, which ran alongside ${lead.name} (${relative(ROOT, output)}):`);
    process.stdout.write(readFileSync(output, 'utf8'));
  }
  return [first, ...rest];
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const extra = rest[0] === '--' ? rest.slice(1) : rest;
  switch (command) {
    case 'start':
      // The emulators, the demo app served by Hosting, and its users seeded; it prints their URLs
      // and runs until Ctrl-C. The demo's calls connect peer to peer unless you choose otherwise.
      process.env.MEDIA_PROVIDER ??= 'p2p';
      // And a second call during a call rings as a waiting call, so the demo can show it.
      process.env.CALL_WAITING ??= 'true';
      return (await withDemo(ownCommand([process.execPath, '.beckon/tools/web/seed/demo.js']), await prepare({ tools: true }))).code;
    case 'e2e': {
      // The demo app in a real browser (Chromium, driven by playwright-core), against the emulators.
      // A 20 s ring lets the "nobody answered" story end within the test, and leaves the stories
      // that answer time enough on a loaded machine (the calls connect video, peer to peer). Call
      // waiting is on, as in `npm start`.
      process.env.RING_TIMEOUT_SECONDS ??= '20';
      process.env.MEDIA_PROVIDER ??= 'p2p';
      process.env.CALL_WAITING ??= 'true';
      // And a real TURN server, coturn, whose credentials the functions sign with P2P_TURN_SECRET:
      // a story connects through its relay alone (test/e2e/demo-app.test.ts).
      if (!hasTurnServer()) throw new Error('the browser tests need coturn: apt-get install coturn (.ci/run installs it)');
      process.env.P2P_TURN_SECRET ??= 'e2e-turn-shared-secret';
      process.env.P2P_TURN_URLS ??= TURN_URL;
      const turn = await startTurnServer(join(ROOT, '.beckon', 'coturn'), process.env.P2P_TURN_SECRET, log);
      try {
        return (await withDemo(vitestCommand(['--project', 'e2e', ...extra]), await prepare({ tools: true }))).code;
      } finally {
        await turn.stop();
      }
    }
    case 'test':
      // `npm test -- <vitest arguments>` runs just those, in one boot with the default params.
      if (extra.length > 0) return (await emulatorsExec(vitestCommand(extra), await prepare({ tools: true }))).code;
      return testRuns(TEST_RUNS);
    case 'soak':
      return testRuns(SOAK_RUNS);
    case 'chaos':
      return testRuns(CHAOS_RUNS);
    case 'exec':
      if (extra.length === 0) throw new Error('usage: npm run emulators:exec -- "<shell command>"');
      return (await emulatorsExec(extra.join(' '), await prepare({ tools: false }))).code;
    case 'bench': {
      // The bench is TypeScript like the rest; it is compiled, then run inside a fresh emulator suite
      // with a long ring timeout (no call expires mid-measurement) and Firestore operations counted.
      process.env.RING_TIMEOUT_SECONDS = '180';
      // One bench caller places hundreds of calls a minute to one callee, who answers and ends them
      // all while its devices acknowledge every ring: measured, not abuse. Every rate limit is lifted.
      for (const name of Object.keys(EMULATOR_PARAMS)) if (name.startsWith('RATE_LIMIT_')) process.env[name] = '1000000';
      process.env.COUNT_FIRESTORE_OPS = 'true';
      const command = ownCommand([process.execPath, '.beckon/tools/bench/run.js', ...extra]);
      return (await emulatorsExec(command, await prepare({ tools: true }), { config: writeBenchConfig() })).code;
    }
    case 'diagnose':
    case 'health': {
      // Reads the emulators started by `npm start` (or a project with --project); starts none itself.
      ensureInstalled();
      await buildTools();
      const result = spawnSync(process.execPath, [`.beckon/tools/cli/${command}.js`, ...extra], { stdio: 'inherit', cwd: ROOT });
      return result.status ?? 1;
    }
    case 'schema': {
      // The contract's JSON Schema files (schema/), from the zod schemas.
      ensureInstalled();
      await buildTools();
      const result = spawnSync(process.execPath, ['.beckon/tools/cli/json-schema.js'], { stdio: 'inherit', cwd: ROOT });
      return result.status ?? 1;
    }
    case 'unit':
      ensureInstalled();
      run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', ...extra]);
      return 0;
    default:
      throw new Error(`unknown command '${command}': use start, test, soak, chaos, e2e, unit, exec, bench, diagnose, health or schema`);
  }
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[beckon] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
