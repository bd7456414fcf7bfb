import { describe, expect, it } from 'vitest';
import { type CalleeFacts, type RingFacts, admitCall, refuseCalleeList } from '../../functions/src/domain/call/call-admission.js';
import { PRESENCE_FRESH_MS } from '../../functions/src/domain/users/presence.js';

// Whether a call may be placed, decided from named facts with no emulator: every refusal of
// sendCallInvitation, and what an admitted call will be.

const NOW = 1_800_000_000_000;
const LIMITS = { perMinute: 30, perCalleePerMinute: 10 };
/** The liveness timeout: someone silent in their call for this long is not busy. */
const LIVENESS_MS = 90_000;
const SETTINGS = { limits: LIMITS, livenessMs: LIVENESS_MS, callWaiting: false };

const callee = (calleeId: string, facts: Partial<CalleeFacts> = {}): CalleeFacts => ({
  calleeId,
  exists: true,
  blockedCaller: false,
  rateKey: `key-${calleeId}`,
  ...facts,
});

function facts(callees: CalleeFacts[], extra: Partial<RingFacts> = {}): RingFacts {
  return { caller: { uid: 'alice', authName: 'Alice' }, callees, ...extra };
}

const direct = (calleeId = 'bob') => ({ calleeIds: [calleeId], field: 'calleeId' as const });
const group = (calleeIds: string[]) => ({ calleeIds, field: 'calleeIds' as const, conversationId: 'g1' });
const groupConversation = { conversation: { memberIds: ['alice', 'bob', 'carol', 'dave'] } };

describe('admitCall: the refusals', () => {
  it('refuses an empty list, too many callees and calling yourself before anything is read', () => {
    expect(refuseCalleeList('alice', group([]))).toMatchObject({ code: 'invalid-argument', reason: 'calleeIds: name a callee' });
    const nine = Array.from({ length: 9 }, (_, i) => `u${i}`);
    expect(refuseCalleeList('alice', group(nine))).toMatchObject({ code: 'invalid-argument', details: { field: 'calleeIds' } });
    expect(refuseCalleeList('alice', direct('alice'))).toMatchObject({
      code: 'invalid-argument',
      reason: 'calleeId: you cannot call yourself',
    });
    expect(refuseCalleeList('alice', group(['bob', 'carol']))).toBeUndefined();
    expect(admitCall(facts([callee('alice')]), direct('alice'), SETTINGS, NOW)).toMatchObject({ code: 'invalid-argument' });
  });

  it('refuses a caller who is in another call, naming it; one whose app went silent in it may call', () => {
    const inCall = facts([callee('bob')], { caller: { uid: 'alice', activeCall: { invitationId: 'inv-1', aliveAt: NOW - 1_000 } } });
    expect(admitCall(inCall, direct(), SETTINGS, NOW)).toEqual({
      kind: 'refuse',
      code: 'failed-precondition',
      reason: 'you are already in another call; end it first',
      details: { activeInvitationId: 'inv-1' },
    });
    const silent = { invitationId: 'inv-1', aliveAt: NOW - LIVENESS_MS };
    const stale = facts([callee('bob')], { caller: { uid: 'alice', activeCall: silent } });
    expect(admitCall(stale, direct(), SETTINGS, NOW)).toMatchObject({ kind: 'admit' });
  });

  it('rings a callee who is in another call with an invitation born busy: busy the other way is no refusal', () => {
    const plan = admitCall(facts([callee('bob', { inCallAliveAt: NOW - 5_000 })]), direct(), SETTINGS, NOW);
    expect(plan).toMatchObject({ kind: 'admit', rung: [{ calleeId: 'bob', busy: true }] });
  });

  it('with call waiting, rings a callee who is in another call as a waiting call; one silent in it rings as usual', () => {
    const waiting = { ...SETTINGS, callWaiting: true };
    const plan = admitCall(facts([callee('bob', { inCallAliveAt: NOW - 5_000 })]), direct(), waiting, NOW);
    expect(plan).toMatchObject({ kind: 'admit', rung: [{ calleeId: 'bob', busy: false, waiting: true }] });
    const silent = admitCall(facts([callee('bob', { inCallAliveAt: NOW - LIVENESS_MS })]), direct(), waiting, NOW);
    expect(silent).toMatchObject({ kind: 'admit', rung: [{ calleeId: 'bob', busy: false }] });
    expect(silent.kind === 'admit' && silent.rung[0]).not.toHaveProperty('waiting');
  });

  it('refuses a callee who blocked the caller with neutral words, one-to-one and when nobody in a group can be called', () => {
    const blocked = admitCall(facts([callee('bob', { blockedCaller: true })]), direct(), SETTINGS, NOW);
    expect(blocked).toEqual({
      kind: 'refuse',
      code: 'permission-denied',
      reason: 'calleeId: this user cannot be called',
      details: { field: 'calleeId' },
    });
    const everyone = facts([callee('bob', { blockedCaller: true }), callee('carol', { blockedCaller: true })], groupConversation);
    expect(admitCall(everyone, group(['bob', 'carol']), SETTINGS, NOW)).toMatchObject({
      code: 'permission-denied',
      reason: 'calleeIds: this user cannot be called',
    });
  });

  it('lists a group callee who blocked the caller as unavailable and rings the others', () => {
    const plan = admitCall(
      facts([callee('bob', { blockedCaller: true }), callee('carol')], groupConversation),
      group(['bob', 'carol']),
      SETTINGS,
      NOW,
    );
    expect(plan).toMatchObject({ kind: 'admit', unavailableIds: ['bob'], rung: [{ calleeId: 'carol' }], rateKeys: ['key-carol'] });
  });

  it('refuses a callee who is no user, naming which in a group', () => {
    expect(admitCall(facts([callee('ghost', { exists: false })]), direct('ghost'), SETTINGS, NOW)).toEqual({
      kind: 'refuse',
      code: 'not-found',
      reason: 'calleeId: no such user',
      details: { field: 'calleeId' },
    });
    const inGroup = admitCall(
      facts([callee('bob'), callee('ghost', { exists: false })], groupConversation),
      group(['bob', 'ghost']),
      SETTINGS,
      NOW,
    );
    expect(inGroup).toMatchObject({ code: 'not-found', details: { field: 'calleeIds', calleeId: 'ghost' } });
  });

  it('refuses a conversation that does not exist, or that the caller or a callee is not a member of', () => {
    expect(admitCall(facts([callee('bob'), callee('carol')]), group(['bob', 'carol']), SETTINGS, NOW)).toMatchObject({
      code: 'not-found',
      details: { field: 'conversationId' },
    });
    const notMember = facts([callee('bob'), callee('erin')], groupConversation);
    expect(admitCall(notMember, group(['bob', 'erin']), SETTINGS, NOW)).toMatchObject({
      code: 'permission-denied',
      reason: 'conversationId: caller and callees must all be members',
    });
    const callerOutside = facts([callee('bob'), callee('carol')], { conversation: { memberIds: ['bob', 'carol'] } });
    expect(admitCall(callerOutside, group(['bob', 'carol']), SETTINGS, NOW)).toMatchObject({ code: 'permission-denied' });
  });

  it('refuses past the rate limits, in all and to one callee, with when to try again', () => {
    const window = { windowStart: NOW - 20_000, count: 30, perCallee: {} };
    expect(admitCall(facts([callee('bob')], { rateWindow: window }), direct(), SETTINGS, NOW)).toEqual({
      kind: 'refuse',
      code: 'resource-exhausted',
      reason: 'too many calls; try again in 40 s',
      details: { retryAfterSeconds: 40 },
    });
    const toBob = { windowStart: NOW - 59_500, count: 10, perCallee: { 'key-bob': 10 } };
    expect(admitCall(facts([callee('bob')], { rateWindow: toBob }), direct(), SETTINGS, NOW)).toMatchObject({
      code: 'resource-exhausted',
      reason: 'too many calls to this user; try again in 1 s',
    });
    // A group call counts once per callee rung: 29 + 2 is past 30.
    const nearly = { windowStart: NOW - 1_000, count: 29, perCallee: {} };
    const two = facts([callee('bob'), callee('carol')], { ...groupConversation, rateWindow: nearly });
    expect(admitCall(two, group(['bob', 'carol']), SETTINGS, NOW)).toMatchObject({ code: 'resource-exhausted' });
    // A window a minute old is over.
    const old = { windowStart: NOW - 60_000, count: 30, perCallee: { 'key-bob': 10 } };
    expect(admitCall(facts([callee('bob')], { rateWindow: old }), direct(), SETTINGS, NOW)).toMatchObject({
      kind: 'admit',
      nextRateWindow: { windowStart: NOW, count: 1, perCallee: { 'key-bob': 1 } },
    });
  });

  it('checks in order: the caller busy before a block, a block before an unknown callee', () => {
    const everything = facts([callee('bob', { blockedCaller: true, exists: false })], {
      caller: { uid: 'alice', activeCall: { invitationId: 'inv-1', aliveAt: NOW } },
    });
    expect(admitCall(everything, direct(), SETTINGS, NOW)).toMatchObject({ code: 'failed-precondition' });
    expect(admitCall({ ...everything, caller: { uid: 'alice' } }, direct(), SETTINGS, NOW)).toMatchObject({ code: 'permission-denied' });
  });
});

describe('admitCall: what an admitted call will be', () => {
  it('rings every callee with their presence, creates a direct conversation on a first call, and counts the call', () => {
    const plan = admitCall(facts([callee('bob', { presence: { state: 'online', lastSeenAt: NOW - 1_000 } })]), direct(), SETTINGS, NOW);
    expect(plan).toEqual({
      kind: 'admit',
      createConversation: true,
      callerName: 'Alice',
      rung: [{ calleeId: 'bob', online: true, busy: false }],
      unavailableIds: [],
      rateKeys: ['key-bob'],
      nextRateWindow: { windowStart: NOW, count: 1, perCallee: { 'key-bob': 1 } },
    });
    const stalePresence = { presence: { state: 'online' as const, lastSeenAt: NOW - PRESENCE_FRESH_MS - 1 } };
    expect(admitCall(facts([callee('bob', stalePresence)]), direct(), SETTINGS, NOW)).toMatchObject({ rung: [{ online: false }] });
  });

  it("shows the caller's cleaned profile name and https picture, else the Auth name, else Someone", () => {
    const profile = { displayName: '\u202EBob\u202C\n', photoURL: 'https://example.com/a.png' };
    const withProfile = facts([callee('bob')], { caller: { uid: 'alice', authName: 'Alice', profile } });
    expect(admitCall(withProfile, direct(), SETTINGS, NOW)).toMatchObject({
      callerName: 'Bob',
      callerPhotoURL: 'https://example.com/a.png',
    });
    const tracking = facts([callee('bob')], {
      caller: { uid: 'alice', authName: 'Alice', profile: { displayName: ' ', photoURL: 'http://x/t.gif' } },
    });
    const plan = admitCall(tracking, direct(), SETTINGS, NOW);
    expect(plan).toMatchObject({ callerName: 'Alice' });
    expect(plan).not.toHaveProperty('callerPhotoURL');
    expect(admitCall(facts([callee('bob')], { caller: { uid: 'alice' } }), direct(), SETTINGS, NOW)).toMatchObject({
      callerName: 'Someone',
    });
  });

  it('stamps an existing conversation rather than creating it', () => {
    expect(admitCall(facts([callee('bob')], { conversation: { memberIds: ['alice', 'bob'] } }), direct(), SETTINGS, NOW)).toMatchObject({
      createConversation: false,
    });
  });
});
