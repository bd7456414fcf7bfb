import { describe, expect, it } from 'vitest';
import { isBusy } from '../../functions/src/domain/call/busy.js';
import { livenessOf } from '../../functions/src/domain/call/liveness.js';
import { callOutcome } from '../../functions/src/domain/call/call.js';
import { newCall } from '../../functions/src/domain/call/new-call.js';
import { missedCallPlan, pushesForChange } from '../../functions/src/domain/push/push-plans.js';
import { decideRate } from '../../functions/src/domain/users/rate-limit.js';
import { DEFAULT_MAX_CALL_PARTICIPANTS } from '../../functions/src/contract/calls.js';

const NOW = 1_800_000_000_000;

describe('a call', () => {
  it('names the outcome of a call nobody joined', () => {
    expect(callOutcome({ a: 'busy', b: 'busy' })).toBe('busy');
    expect(callOutcome({ a: 'declined', b: 'busy' })).toBe('declined');
    expect(callOutcome({ a: 'declined', b: 'missed' })).toBe('missed');
    expect(callOutcome({ a: 'cancelled', b: 'declined' })).toBe('cancelled');
    expect(callOutcome({ a: 'missed' })).toBe('missed');
  });

  it('is born over when every callee is busy', () => {
    const created = newCall({
      callId: 'c1',
      messageId: 'm1',
      roomId: 'r1',
      conversationId: 'g1',
      group: true,
      callerId: 'alice',
      callerName: 'Alice',
      callType: 'video',
      allowJoin: false,
      maxParticipants: DEFAULT_MAX_CALL_PARTICIPANTS,
      callees: [
        { calleeId: 'bob', invitationId: 'i1', online: true, busy: true },
        { calleeId: 'carol', invitationId: 'i2', online: false, busy: true },
      ],
      nowMs: 1_000,
      ringTimeoutMs: 30_000,
    });
    expect(created.call).toMatchObject({
      status: 'busy',
      callerIn: false,
      memberIds: ['alice', 'bob', 'carol'],
      invitationIds: { bob: 'i1', carol: 'i2' },
      expiresAtMs: 31_000,
    });
    expect(created.invitations.map((i) => [i.calleeId, i.status, i.callId])).toEqual([
      ['bob', 'busy', 'c1'],
      ['carol', 'busy', 'c1'],
    ]);
    expect(created.message).not.toHaveProperty('callInvitation');
    expect(created.message.call).toMatchObject({ callId: 'c1', status: 'busy', callees: { bob: 'busy', carol: 'busy' } });
  });
});

describe('isBusy', () => {
  it('is busy while alive in a call: heard from within the liveness timeout, not one moment after', () => {
    const timeoutMs = 90_000;
    expect(isBusy(undefined, NOW, timeoutMs)).toBe(false);
    expect(isBusy(NOW - 60_000, NOW, timeoutMs)).toBe(true);
    expect(isBusy(NOW - timeoutMs + 1, NOW, timeoutMs)).toBe(true);
    expect(isBusy(NOW - timeoutMs, NOW, timeoutMs)).toBe(false);
  });
});

describe('livenessOf', () => {
  it('keeps the defaults, and holds a heartbeat to a third of the timeout so two lost beats never lose a call', () => {
    expect(livenessOf(30, 90)).toEqual({ heartbeatSeconds: 30, timeoutMs: 90_000 });
    expect(livenessOf(60, 90)).toEqual({ heartbeatSeconds: 30, timeoutMs: 90_000 });
    expect(livenessOf(2, 20)).toEqual({ heartbeatSeconds: 2, timeoutMs: 20_000 });
    expect(livenessOf(0, 0)).toEqual({ heartbeatSeconds: 1, timeoutMs: 3_000 });
  });
});

describe('pushesForChange', () => {
  it('stops the ringing on every way out of ringing, and tells of a missed call', () => {
    expect(pushesForChange('ringing', 'accepted')).toEqual([{ kind: 'call_cancelled', reason: 'answered_elsewhere' }]);
    expect(pushesForChange('ringing', 'declined')).toEqual([{ kind: 'call_cancelled', reason: 'declined' }]);
    expect(pushesForChange('ringing', 'cancelled')).toEqual([
      { kind: 'call_cancelled', reason: 'cancelled' },
      { kind: 'missed_call', reason: 'cancelled' },
    ]);
    expect(pushesForChange('ringing', 'missed')).toEqual([
      { kind: 'call_cancelled', reason: 'missed' },
      { kind: 'missed_call', reason: 'missed' },
    ]);
    // The callee answered another call while this one rang.
    expect(pushesForChange('ringing', 'busy')).toEqual([
      { kind: 'call_cancelled', reason: 'busy' },
      { kind: 'missed_call', reason: 'busy' },
    ]);
    expect(pushesForChange('accepted', 'ended')).toEqual([]);
    expect(pushesForChange('ringing', 'ringing')).toEqual([]);
  });
});

describe('rate limits of a group call', () => {
  const limits = { perMinute: 30, perCalleePerMinute: 10 };
  it('count the call once per callee', () => {
    const first = decideRate(undefined, ['b', 'c', 'd'], limits, 0);
    expect(first).toMatchObject({ allowed: true, next: { count: 3, perCallee: { b: 1, c: 1, d: 1 } } });
    const full = { windowStart: 0, count: 28, perCallee: {} };
    expect(decideRate(full, ['b', 'c'], limits, 1_000)).toMatchObject({ allowed: true });
    expect(decideRate(full, ['b', 'c', 'd'], limits, 1_000)).toMatchObject({ allowed: false, scope: 'all' });
  });
});

describe('the missed-call notice of a cancelled call', () => {
  const invitation = newCall({
    callId: 'c1',
    messageId: 'm1',
    roomId: 'r1',
    conversationId: 'g1',
    group: false,
    callerId: 'alice',
    callerName: 'Alice',
    callType: 'video',
    allowJoin: false,
    maxParticipants: DEFAULT_MAX_CALL_PARTICIPANTS,
    callees: [{ calleeId: 'bob', invitationId: 'c1', online: false, busy: false }],
    nowMs: NOW,
    ringTimeoutMs: 30_000,
  }).invitations[0];

  it('goes only when the ring reached a device: a call cancelled before anything rang shows nothing', () => {
    if (!invitation) throw new Error('no invitation');
    const skip = (ring?: { devices?: { ok: boolean }[] }) => missedCallPlan('cancelled').skip?.(invitation, NOW, ring);
    expect(skip({ devices: [{ ok: false }, { ok: true }] })).toBeUndefined();
    expect(skip({ devices: [{ ok: false }] })).toMatchObject({ state: 'skipped' });
    expect(skip({ devices: [] })).toMatchObject({ state: 'skipped' });
    expect(skip({})).toMatchObject({ state: 'skipped' });
    expect(skip(undefined)).toMatchObject({ state: 'skipped', reason: expect.stringContaining('nothing rang') });
    // A timed-out ring's notice does not depend on it (the ring timer runs whatever the push did).
    expect(missedCallPlan('missed').skip?.(invitation, NOW, undefined)).toBeUndefined();
  });
});
