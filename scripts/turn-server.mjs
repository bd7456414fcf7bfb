// Debian's coturn as the TURN server of the browser tests (`npm run test:e2e`): started on
// loopback with `use-auth-secret`, so it checks the TURN REST API credentials Beckon hands out
// (P2P_TURN_SECRET) on its own, as a deployed coturn does. Stopped by its process id.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const TURN_PORT = 3478;
export const TURN_URL = `turn:127.0.0.1:${TURN_PORT}?transport=udp`;

/** Whether coturn is installed (`.ci/run` installs it: `apt-get install coturn`). */
export const hasTurnServer = () => spawnSync('turnserver', ['--version'], { stdio: 'ignore' }).error === undefined;

/** Resolves once something answers on TCP `port` of loopback (coturn listens on TCP and UDP). */
async function listening(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`coturn did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * Starts coturn relaying on 127.0.0.1 only, for credentials signed with `secret`. Loopback peers
 * must be allowed (coturn refuses to relay to 127.0.0.1 otherwise); a small port range; no TLS, no
 * CLI. Returns its process id and a stop function.
 */
export async function startTurnServer(dir, secret, log) {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'turnserver.conf');
  writeFileSync(
    config,
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${TURN_PORT}`,
      'min-port=49160',
      'max-port=49200',
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'realm=beckon.test',
      'no-tls',
      'no-dtls',
      'no-cli',
      'allow-loopback-peers',
      'fingerprint',
      `log-file=${join(dir, 'turnserver.log')}`,
      'simple-log',
      '',
    ].join('\n'),
  );
  const child = spawn('turnserver', ['-c', config], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    listening(TURN_PORT, 10_000),
    exited.then((code) => {
      throw new Error(`coturn exited (${code}) before it listened; see ${join(dir, 'turnserver.log')}`);
    }),
  ]);
  log(`coturn (pid ${child.pid}) relays on ${TURN_URL}`);
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}
