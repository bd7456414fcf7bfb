import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Http2SecureServer, type IncomingHttpHeaders, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApnsSender, apnsSender } from '../../functions/src/adapters/push/apns-sender.js';
import type { ApnsPush } from '../../functions/src/adapters/push/push-transport.js';

// The real APNs sender against a local HTTP/2 server that answers as APNs does, over TLS with a
// self-signed certificate: the request Apple would get, and what Beckon makes of each answer.

const KEY_ID = 'ABC123DEFG';
const TEAM_ID = 'TEAM456HIJ';
const token = (tag: string) => tag.repeat(64 / tag.length);
const TOKENS = { ok: token('a1'), gone: token('b2'), bad: token('c3'), throttled: token('d4'), down: token('e5') };

/** What APNs answers for each token: status and reason, as Apple documents them. */
const ANSWERS: Record<string, [number, string?]> = {
  [TOKENS.ok]: [200],
  [TOKENS.gone]: [410, 'Unregistered'],
  [TOKENS.bad]: [400, 'BadDeviceToken'],
  [TOKENS.throttled]: [429, 'TooManyRequests'],
  [TOKENS.down]: [503, 'ServiceUnavailable'],
};

interface SeenRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Http2SecureServer;
let workDir: string;
let cert: string;
let sender: ApnsSender;
const seen: SeenRequest[] = [];
const signingKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'beckon-apns-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(workDir, 'key.pem'),
      '-out',
      join(workDir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(workDir, 'cert.pem'), 'utf8');
  server = createSecureServer({ key: readFileSync(join(workDir, 'key.pem')), cert });
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
    stream.on('end', () => {
      seen.push({ headers, body });
      const deviceToken = String(headers[':path']).split('/').pop() ?? '';
      const [status, reason] = ANSWERS[deviceToken] ?? [400, 'BadDeviceToken'];
      if (status === 200) {
        stream.respond({ ':status': 200, 'apns-id': 'E2A5C4B8-0000-4000-8000-00000000A1A1' });
        stream.end();
      } else {
        stream.respond({ ':status': status, 'content-type': 'application/json' });
        stream.end(JSON.stringify({ reason }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sender = apnsSender(() => ({
    key: signingKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: KEY_ID,
    teamId: TEAM_ID,
    environment: 'sandbox',
    address: 'localhost',
    port,
    ca: [cert],
  }));
});

afterAll(async () => {
  await sender?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

const voipPush = (deviceToken: string): ApnsPush => ({
  invitationId: 'inv-1',
  kind: 'call_invitation',
  uid: 'bob',
  deviceId: `iphone-${deviceToken.slice(0, 2)}`,
  attempt: 1,
  channel: 'apns',
  message: {
    token: deviceToken,
    headers: { 'apns-push-type': 'voip', 'apns-topic': 'com.acme.chat.voip', 'apns-priority': '10', 'apns-expiration': '1795699507' },
    payload: { aps: {}, type: 'call_invitation', invitationId: 'inv-1', callerName: 'Alice' },
  },
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('the APNs sender, against a local stand-in for APNs', () => {
  it('posts the VoIP push to /3/device/<token> with its headers, payload and an ES256 provider token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const [result] = await sender.send([voipPush(TOKENS.ok)]);
    expect(result).toEqual({ ok: true, messageId: 'E2A5C4B8-0000-4000-8000-00000000A1A1' });

    const request = seen.find((r) => r.headers[':path'] === `/3/device/${TOKENS.ok}`);
    expect(request?.headers).toMatchObject({
      ':method': 'POST',
      'apns-push-type': 'voip',
      'apns-topic': 'com.acme.chat.voip',
      'apns-priority': '10',
      'apns-expiration': '1795699507',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({ aps: {}, type: 'call_invitation', invitationId: 'inv-1', callerName: 'Alice' });

    const [scheme, jwt] = String(request?.headers.authorization).split(' ');
    expect(scheme).toBe('bearer');
    const [header, claims, signature] = (jwt ?? '').split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    expect(decode(claims)).toMatchObject({ iss: TEAM_ID });
    expect(Number(decode(claims).iat)).toBeGreaterThanOrEqual(before - 1);
    const signedBy = signingKeys.publicKey;
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      { key: signedBy, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });

  it('answers 410, 400 BadDeviceToken, 429 and 503 as the codes Beckon prunes or retries, asking APNs once each', async () => {
    const tokens = [TOKENS.gone, TOKENS.bad, TOKENS.throttled, TOKENS.down];
    const results = await sender.send(tokens.map(voipPush));
    expect(results).toEqual([
      { ok: false, errorCode: 'apns/Unregistered' },
      { ok: false, errorCode: 'apns/BadDeviceToken' },
      { ok: false, errorCode: 'apns/TooManyRequests' },
      { ok: false, errorCode: 'apns/ServiceUnavailable' },
    ]);
    // The library's own retries are off: Beckon's retry policy decides, bounded by the ring.
    for (const deviceToken of tokens) expect(seen.filter((r) => r.headers[':path'] === `/3/device/${deviceToken}`)).toHaveLength(1);
  });

  it('sends nothing, and says why, when no APNs key is configured', async () => {
    const unconfigured = apnsSender(() => undefined);
    expect(await unconfigured.send([voipPush(TOKENS.ok)])).toEqual([{ ok: false, errorCode: 'beckon/apns-not-configured' }]);
  });
});
