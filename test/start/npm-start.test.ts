import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../web/seed/demo-users.js';

// `npm start` as a newcomer runs it (`npm run test:soak` plays it, after the emulators of its other
// runs have stopped): the launcher's whole output carries no warning the README does not explain,
// it tells how to sign in as each demo user, and Ctrl-C stops everything it started.

const PORTS = { auth: 9099, firestore: 8080, functions: 5001, hosting: 5000, hub: 4400 };
const READY = 'Ctrl-C stops everything.';

/**
 * Lines a newcomer would take for a problem. firebase-tools marks its warnings with ⚠, npm its own
 * with "npm warn"; the rest are the words of the faults seen in earlier starts (a param read at
 * deploy time, a prompt, a metadata server looked up off Google Cloud, an engines mismatch).
 */
const WARNING = /⚠|npm warn|\bwarn(ing)?\b|EBADENGINE|Prompting|metadata|\b403\b|\berror\b|Serving at port|ignored/i;

/** The lines the README explains (its "may look like trouble and are not" table): each matched here by what the README quotes of it. */
const EXPLAINED = [
  'Env variable override detected. Using firestore emulator at',
  'Unable to fetch the CLI MOTD and remote config.',
  'Serving at port',
  'function ignored because the pubsub emulator does not exist',
];

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('starts quietly, says how to sign in, and stops everything on Ctrl-C', { timeout: 600_000 }, async () => {
    for (const [name, port] of Object.entries(PORTS)) expect(await portOpen(port), `${name}'s port ${port} free before`).toBe(false);
    // Its own process group, as a terminal's foreground job: Ctrl-C reaches every process in it.
    const launcher = spawn(process.execPath, ['scripts/beckon.mjs', 'start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    const collect = (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
    };
    launcher.stdout.on('data', collect);
    launcher.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 420_000;
    while (!lines.some((line) => line.includes(READY)) && Date.now() < deadline && launcher.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(
      lines.some((line) => line.includes(READY)),
      lines.join('\n'),
    ).toBe(true);
    const seedPids = () =>
      execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        // The launcher runs it by its path relative to the checkout (`exec node .beckon/tools/web/seed/demo.js`).
        .filter((line) => line.includes(' .beckon/tools/web/seed/demo.js'));
    expect(seedPids().length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${PORTS.hosting}/?as=alice`)).status).toBe(200);

    process.kill(-launcher.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000))]);
    expect(code, lines.slice(-20).join('\n')).toBe(0);

    const output = lines.join('\n');
    const readme = readFileSync('README.md', 'utf8');
    for (const explained of EXPLAINED) expect(readme).toContain(explained);
    const unexplained = lines.filter((line) => WARNING.test(line) && !EXPLAINED.some((explained) => line.includes(explained)));
    expect(unexplained).toEqual([]);
    for (const user of DEMO_USERS) expect(output).toContain(user.email);
    expect(output).toContain(DEMO_PASSWORD);
    for (const [name, port] of Object.entries(PORTS)) expect(await portOpen(port), `${name}'s port ${port} closed after`).toBe(false);
    expect(seedPids()).toEqual([]);
  });
});
