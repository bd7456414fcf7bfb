import { describe, expect, it } from 'vitest';
import type { InvitationStatus } from '../../functions/src/contract/index.js';
import { BUSY_STALE_MS, type CallAction, acceptConflict, decide, isBusy, isSameAccept } from '../../functions/src/domain/call-state.js';
import { pushesForChange } from '../../functions/src/domain/push-plans.js';

const NOW = 1_800_000_000_000;
const call = (status: InvitationStatus, expiresAt = NOW + 30_000) => ({ status, callerId: 'alice', calleeId: 'bob', expiresAt });

describe('decide', () => {
  it.each<[CallAction, string, InvitationStatus]>([
    ['accept', 'bob', 'accepted'],
    ['decline', 'bob', 'declined'],
    ['cancel', 'alice', 'cancelled'],
  ])('a ringing call: %s by %s -> %s', (action, actor, to) => {
    expect(decide(call('ringing'), action, actor, NOW)).toEqual({ kind: 'move', to });
  });

  it('an accepted call ends by either party', () => {
    expect(decide(call('accepted'), 'end', 'alice', NOW)).toEqual({ kind: 'move', to: 'ended' });
    expect(decide(call('accepted'), 'end', 'bob', NOW)).toEqual({ kind: 'move', to: 'ended' });
  });

  it.each<[CallAction, string]>([
    ['accept', 'alice'],
    ['decline', 'mallory'],
    ['cancel', 'bob'],
    ['end', 'mallory'],
  ])('refuses %s by %s with permission-denied', (action, actor) => {
    expect(decide(call(action === 'end' ? 'accepted' : 'ringing'), action, actor, NOW)).toMatchObject({
      kind: 'refuse',
      code: 'permission-denied',
    });
  });

  it('refuses actions on a call in the wrong state with failed-precondition', () => {
    for (const status of ['declined', 'cancelled', 'missed', 'ended', 'busy'] as const) {
      expect(decide(call(status), 'accept', 'bob', NOW)).toMatchObject({ kind: 'refuse', code: 'failed-precondition', markMissed: false });
    }
    for (const status of ['accepted', 'declined', 'missed', 'ended', 'busy'] as const) {
      expect(decide(call(status), 'cancel', 'alice', NOW)).toMatchObject({ kind: 'refuse', code: 'failed-precondition' });
    }
    expect(decide(call('ringing'), 'end', 'alice', NOW)).toMatchObject({ kind: 'refuse', code: 'failed-precondition' });
    expect(decide(call('cancelled'), 'end', 'alice', NOW)).toMatchObject({ kind: 'refuse', code: 'failed-precondition' });
  });

  it('a repeat of the action that won is answered again, by its own party only', () => {
    expect(decide(call('accepted'), 'accept', 'bob', NOW)).toEqual({ kind: 'repeat' });
    expect(decide(call('declined'), 'decline', 'bob', NOW)).toEqual({ kind: 'repeat' });
    expect(decide(call('cancelled'), 'cancel', 'alice', NOW)).toEqual({ kind: 'repeat' });
    expect(decide(call('ended'), 'end', 'alice', NOW)).toEqual({ kind: 'repeat' });
    expect(decide(call('ended'), 'end', 'bob', NOW)).toEqual({ kind: 'repeat' });
    expect(decide(call('accepted'), 'accept', 'mallory', NOW)).toMatchObject({ kind: 'refuse', code: 'permission-denied' });
    expect(decide(call('cancelled'), 'cancel', 'bob', NOW)).toMatchObject({ kind: 'refuse', code: 'permission-denied' });
  });

  it('a repeated accept is the same answer only from the device that won', () => {
    expect(isSameAccept('inv', { invitationId: 'inv', deviceId: 'phone' }, 'phone')).toBe(true);
    expect(isSameAccept('inv', { invitationId: 'inv', deviceId: null }, undefined)).toBe(true);
    expect(isSameAccept('inv', { invitationId: 'inv' }, undefined)).toBe(true);
    expect(isSameAccept('inv', { invitationId: 'inv', deviceId: 'phone' }, 'tablet')).toBe(false);
    expect(isSameAccept('inv', { invitationId: 'inv', deviceId: 'phone' }, undefined)).toBe(false);
    expect(isSameAccept('inv', { invitationId: 'inv', deviceId: null }, 'phone')).toBe(false);
    expect(isSameAccept('inv', { invitationId: 'other', deviceId: 'phone' }, 'phone')).toBe(false);
    expect(isSameAccept('inv', undefined, 'phone')).toBe(false);
  });

  it('refuses an answer after expiresAt and asks for the call to be marked missed', () => {
    for (const [action, actor] of [
      ['accept', 'bob'],
      ['decline', 'bob'],
      ['cancel', 'alice'],
    ] as const) {
      expect(decide(call('ringing', NOW), action, actor, NOW)).toEqual({
        kind: 'refuse',
        code: 'failed-precondition',
        reason: 'the call stopped ringing (missed)',
        markMissed: true,
      });
    }
  });

  it('the timer makes only a timed-out ringing call missed', () => {
    expect(decide(call('ringing', NOW), 'expire', undefined, NOW)).toEqual({ kind: 'move', to: 'missed' });
    expect(decide(call('ringing', NOW + 1), 'expire', undefined, NOW)).toEqual({ kind: 'ignore' });
    expect(decide(call('accepted', NOW - 1), 'expire', undefined, NOW)).toEqual({ kind: 'ignore' });
    expect(decide(call('declined', NOW - 1), 'expire', undefined, NOW)).toEqual({ kind: 'ignore' });
  });
});

describe('isBusy', () => {
  it('is busy in an accepted call, unless it was accepted so long ago that the app must have died', () => {
    expect(isBusy(undefined, NOW)).toBe(false);
    expect(isBusy(NOW - 60_000, NOW)).toBe(true);
    expect(isBusy(NOW - BUSY_STALE_MS, NOW)).toBe(false);
  });
});

describe('pushesForChange', () => {
  it('stops the ringing on every way out of ringing, and tells of a missed call', () => {
    expect(pushesForChange('ringing', 'accepted')).toEqual([{ kind: 'call_cancelled', reason: 'answered_elsewhere' }]);
    expect(pushesForChange('ringing', 'declined')).toEqual([{ kind: 'call_cancelled', reason: 'declined' }]);
    expect(pushesForChange('ringing', 'cancelled')).toEqual([{ kind: 'call_cancelled', reason: 'cancelled' }]);
    expect(pushesForChange('ringing', 'missed')).toEqual([{ kind: 'call_cancelled', reason: 'missed' }, { kind: 'missed_call' }]);
    expect(pushesForChange('accepted', 'ended')).toEqual([]);
    expect(pushesForChange('ringing', 'ringing')).toEqual([]);
  });
});

describe('acceptConflict', () => {
  const NOW_MS = 1_800_000_000_000;
  it('refuses an accept while the callee or the caller is in another call, naming only the callee’s', () => {
    const other = { callId: 'other', invitationId: 'other', since: NOW_MS - 60_000 };
    expect(acceptConflict('this', undefined, other, NOW_MS)).toEqual({
      reason: 'you are already in another call',
      details: { activeInvitationId: 'other' },
    });
    expect(acceptConflict('this', other, undefined, NOW_MS)).toEqual({ reason: 'the caller is in another call' });
    expect(acceptConflict('this', { callId: 'this', invitationId: 'this', since: NOW_MS }, undefined, NOW_MS)).toBeUndefined();
    // In a group call the caller is already in the call when a second callee accepts.
    expect(acceptConflict('this', { callId: 'this', invitationId: 'first-callee', since: NOW_MS }, undefined, NOW_MS)).toBeUndefined();
    expect(
      acceptConflict('this', undefined, { callId: 'old', invitationId: 'old', since: NOW_MS - 5 * 60 * 60 * 1000 }, NOW_MS),
    ).toBeUndefined();
  });
});
