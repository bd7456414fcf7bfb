import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDb } from '../support/admin.js';
import { postCallable } from '../support/callable-http.js';
import { deleteClientApps, signUp } from '../support/client.js';
import { groupConversation, invitationFor, joinCall, leaveCall, respond, sendGroupCall } from '../support/fixtures.js';
import { SOAK } from '../support/rounds.js';
import { callableNames, requestFields } from '../../functions/src/contract/index.js';

afterAll(deleteClientApps);

// Hostile input, generated: every callable gets payloads over HTTP, as a tampered client would
// send them, around the fields its request schema declares. Each must come back as a clean answer
// (a result, or an HttpsError with a code meant for clients), never `internal`, and none may
// write anything. The launcher scans the functions' logs of this run for an unhandled error.

/** Payloads per callable: a fixed sample in `npm test`, 1,000 in `npm run test:soak`. */
const RUNS = SOAK ? 1_000 : 30;
/**
 * The Functions emulator starts a worker process for each request in flight to a function, at about
 * 2 s of CPU each: one at a time in `npm test`, whose configured boot runs alongside the main one
 * with time to spare but no CPU, and eight in the soak.
 */
const IN_FLIGHT = SOAK ? 8 : 1;

/** What a caller would put on a lock screen: bidi overrides and isolates, marks, control and invisible characters (issue 18). */
const BIDI_AND_CONTROL = [
  '\u202Eexe.gnp\u202C BANK ALERT\n\r\u0007\u0000 call +1-555-0100 \u200B\u2066now\u2069',
  '\u202E',
  '\u2066a\u2069',
  'a\u200Fb\u061C',
  '\u200B',
  '\u00AD\uFEFF',
  '\r\n',
  '\u0007\u001B[31m',
  'a\u0085b\u009F',
  ' \u200D ',
];

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'a/b',
    '/',
    '..',
    '.',
    '__name__',
    '__x__',
    '',
    '   ',
    '\ud800',
    'a\udc00b',
    '😀',
  ),
  fc.constantFrom(...BIDI_AND_CONTROL),
  fc.constantFrom('x'.repeat(129), 'y'.repeat(5_000), 'z'.repeat(100_000), '\u0000', 'ab'.repeat(40)),
);
const nasty = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.dictionary(nastyString, fc.anything(), { maxKeys: 4 }),
  fc.anything(),
);

/** Payloads around a callable's fields: the right keys with wrong or hostile values, extra and prototype keys, or no object at all. */
function payloads(fields: string[]) {
  const shaped = fc.record(Object.fromEntries(fields.map((field) => [field, nasty])), { requiredKeys: [] });
  const withExtras = fc
    .tuple(shaped, fc.dictionary(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'uid')), nasty, { maxKeys: 3 }))
    .map(([known, extra]) => ({ ...extra, ...known }));
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 2, arbitrary: withExtras }, { weight: 1, arbitrary: nasty });
}

/** Codes a client may be told; `INTERNAL` and `UNKNOWN` mean the input broke something. */
const CLIENT_CODES = new Set([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'FAILED_PRECONDITION',
  'ALREADY_EXISTS',
  'RESOURCE_EXHAUSTED',
]);

/**
 * Bodies that JSON.stringify cannot write (an object literal's `__proto__` sets its prototype, it
 * is no key): an own `__proto__` key holding the callable's fields, one inside a field, and the
 * constructor.prototype path. The wrapper must refuse each with invalid-argument (issue 18, finding 7).
 */
function prototypeBodies(fields: string[], realUid: string): string[] {
  const smuggled = JSON.stringify(Object.fromEntries(fields.map((field) => [field, field === 'action' ? 'accept' : realUid])));
  const [first = 'x'] = fields;
  return [
    `{"data":{"__proto__":${smuggled}}}`,
    `{"data":{${JSON.stringify(first)}:{"__proto__":${smuggled}}}}`,
    `{"data":{${JSON.stringify(first)}:[{"__proto__":{"polluted":true}}]}}`,
    `{"data":{"constructor":{"prototype":${smuggled}}}}`,
    `{"data":{"__proto__":null,${smuggled.slice(1)}}`,
  ];
}

/** One payload per field and bidi or control string: every field meets every one of them in the soak, three of them in npm test. */
function bidiPayloads(fields: string[]): Record<string, string>[] {
  const strings = SOAK ? BIDI_AND_CONTROL : BIDI_AND_CONTROL.slice(0, 3);
  return fields.flatMap((field) => strings.map((text) => ({ [field]: text })));
}

async function post(name: string, idToken: string, data: unknown): Promise<string> {
  return postText(name, idToken, JSON.stringify({ data }));
}

async function postText(name: string, idToken: string, text: string): Promise<string> {
  const { status: httpStatus, body } = await postCallable(name, idToken, text);
  if (httpStatus === 200 && 'result' in body) return 'ok';
  const status = body.error?.status ?? `HTTP ${httpStatus}`;
  return typeof body.error?.message === 'string' ? status : `${status} (no message)`;
}

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe('hostile input', () => {
  it(`answers ${RUNS} generated payloads per callable cleanly, never internal, and writes nothing`, { timeout: 600_000 }, async () => {
    const [fuzzer, target] = await Promise.all([signUp('Fuzzer'), signUp('Target')]);
    const idToken = (await fuzzer.auth.currentUser?.getIdToken()) as string;
    const counts: Record<string, Record<string, number>> = {};
    const broken: string[] = [];
    for (const name of callableNames) {
      const fields = requestFields(name);
      expect(fields.length, `${name}'s request fields`).toBeGreaterThan(0);
      const samples = [...fc.sample(payloads(fields), { numRuns: RUNS, seed: 20261127 }), ...bidiPayloads(fields)];
      counts[name] = {};
      await inPool(samples, async (data) => {
        const outcome = await post(name, idToken, data);
        const tally = counts[name] as Record<string, number>;
        tally[outcome] = (tally[outcome] ?? 0) + 1;
        if (outcome !== 'ok' && !CLIENT_CODES.has(outcome) && broken.length < 10)
          broken.push(`${name} ${outcome}: ${JSON.stringify(data).slice(0, 200)}`);
      });
    }
    for (const [name, tally] of Object.entries(counts)) {
      console.log(
        `[fuzz] ${name}: ${Object.entries(tally)
          .map(([outcome, n]) => `${outcome} ${n}`)
          .join(', ')}`,
      );
    }
    expect(broken).toEqual([]);
    for (const [name, tally] of Object.entries(counts)) {
      const expected = RUNS + bidiPayloads(requestFields(name as (typeof callableNames)[number])).length;
      expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(expected);
    }

    // Smuggled through __proto__ or constructor.prototype, a real callee's uid in every field: refused, every one.
    const smuggled: Record<string, string[]> = {};
    for (const name of callableNames) {
      for (const text of prototypeBodies(requestFields(name), target.uid)) {
        (smuggled[name] ??= []).push(await postText(name, idToken, text));
      }
    }
    expect(smuggled).toEqual(Object.fromEntries(callableNames.map((name) => [name, Array(5).fill('INVALID_ARGUMENT')])));

    // Nothing of the fuzzer's exists: no call, invitation, device, block, receipt, rate window or test-push record.
    const db = adminDb();
    const [calls, invitations, devices, blocked, rate, testPush, conversations] = await Promise.all([
      db.collection('calls').where('callerId', '==', fuzzer.uid).get(),
      db.collection('callInvitations').where('callerId', '==', fuzzer.uid).get(),
      db.collection(`users/${fuzzer.uid}/devices`).get(),
      db.collection(`users/${fuzzer.uid}/blocked`).get(),
      db.doc(`rateLimits/${fuzzer.uid}`).get(),
      db.doc(`testPushLimits/${fuzzer.uid}`).get(),
      db.collection('conversations').where('memberIds', 'array-contains', fuzzer.uid).get(),
    ]);
    expect([calls.size, invitations.size, devices.size, blocked.size, rate.exists, testPush.exists, conversations.size]).toEqual([
      0,
      0,
      0,
      0,
      false,
      false,
      0,
    ]);
  });

  it('answers repeats as the first time: accepts, declines, joins and hang-ups each sent three times at once (issue 29)', async () => {
    const [alice, bob, carol, dave] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol'), signUp('Dave')]);
    const conversationId = await groupConversation([alice, bob, carol, dave]);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId, allowJoin: true });
    const thrice = async <T>(request: () => Promise<T>) => {
      const settled = await Promise.allSettled([request(), request(), request()]);
      return settled.map((result) => (result.status === 'fulfilled' ? result.value : `refused: ${String(result.reason)}`));
    };
    const accepts = await thrice(() => respond(bob, invitationFor(sent, bob), 'accept', 'bob-phone'));
    expect(accepts).toEqual(Array(3).fill(expect.objectContaining({ status: 'accepted', callId: sent.callId, roomId: sent.roomId })));
    expect(await thrice(() => respond(carol, invitationFor(sent, carol), 'decline'))).toEqual(Array(3).fill({ status: 'declined' }));
    expect(await thrice(() => joinCall(dave, sent.callId))).toEqual(Array(3).fill(expect.objectContaining({ status: 'active' })));
    expect(await thrice(() => leaveCall(dave, sent.callId))).toEqual(Array(3).fill({ status: 'ended', callStatus: 'active' }));

    const call = (await adminDb().doc(`calls/${sent.callId}`).get()).data();
    expect(call).toMatchObject({ status: 'active', callees: { [bob.uid]: 'accepted', [carol.uid]: 'declined', [dave.uid]: 'left' } });
    expect(call?.joinedIds).toEqual([dave.uid]);
    expect((await adminDb().doc(`activeCalls/${bob.uid}`).get()).data()).toMatchObject({ callId: sent.callId, deviceId: 'bob-phone' });
    expect((await adminDb().doc(`activeCalls/${dave.uid}`).get()).exists).toBe(false);
    await leaveCall(alice, sent.callId, true);
  });
});
