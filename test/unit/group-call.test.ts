import { describe, expect, it } from 'vitest';
import {
  type CallState,
  callOutcome,
  cancelRinging,
  decideJoin,
  participants,
  settle,
  withCallee,
  withoutParticipant,
} from '../../functions/src/domain/group-call.js';
import { newCall } from '../../functions/src/domain/new-call.js';
import { decideRate } from '../../functions/src/domain/rate-limit.js';

const ringing = (callees: string[], allowJoin = false): CallState => ({
  callerId: 'alice',
  callerIn: true,
  status: 'ringing',
  callees: Object.fromEntries(callees.map((uid) => [uid, 'ringing'])),
  allowJoin,
});

describe('a group call as a whole', () => {
  it('becomes active at the first accept, and the others keep ringing', () => {
    const change = settle(withCallee(ringing(['bob', 'carol', 'dave']), 'bob', 'accepted'));
    expect(change).toMatchObject({ started: true, ended: false, cancelled: [], left: [] });
    expect(change.call.status).toBe('active');
    expect(change.call.callees).toEqual({ bob: 'accepted', carol: 'ringing', dave: 'ringing' });
    expect(participants(change.call)).toEqual(['alice', 'bob']);
  });

  it('ends with the callees’ answer when nobody joined, only once the last ring stopped', () => {
    let call = settle(withCallee(ringing(['bob', 'carol']), 'bob', 'declined')).call;
    expect(call.status).toBe('ringing');
    const change = settle(withCallee(call, 'carol', 'missed'));
    expect(change).toMatchObject({ ended: true, call: { status: 'missed', callerIn: false } });
    call = settle(withCallee(withCallee(ringing(['bob', 'carol']), 'bob', 'declined'), 'carol', 'declined')).call;
    expect(call.status).toBe('declined');
  });

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
      callees: [
        { calleeId: 'bob', invitationId: 'i1', online: true, busy: true },
        { calleeId: 'carol', invitationId: 'i2', online: false, busy: true },
      ],
      nowMs: 1_000,
      ringTimeoutMs: 30_000,
    });
    expect(created.call.status).toBe('busy');
    expect(created.invitations.map((i) => [i.calleeId, i.status, i.callId])).toEqual([
      ['bob', 'busy', 'c1'],
      ['carol', 'busy', 'c1'],
    ]);
    expect(created.message).not.toHaveProperty('callInvitation');
    expect(created.message.call).toMatchObject({ callId: 'c1', status: 'busy', callees: { bob: 'busy', carol: 'busy' } });
  });

  it('goes on while two are in it, and ends when fewer are left, stopping whoever still rings', () => {
    let call = settle(withCallee(withCallee(ringing(['bob', 'carol', 'dave']), 'bob', 'accepted'), 'carol', 'accepted')).call;
    let change = settle(withoutParticipant(call, 'alice'));
    expect(change.ended).toBe(false);
    expect(participants(change.call)).toEqual(['bob', 'carol']);
    call = change.call;
    change = settle(withoutParticipant(call, 'bob'));
    expect(change).toMatchObject({ ended: true, cancelled: ['dave'], left: ['carol'] });
    expect(change.call).toMatchObject({ status: 'ended', callees: { bob: 'left', carol: 'left', dave: 'cancelled' } });
  });

  it('ends for everyone when the caller says so', () => {
    const call = settle(withCallee(withCallee(ringing(['bob', 'carol']), 'bob', 'accepted'), 'carol', 'accepted')).call;
    const change = settle(call, true);
    expect(change).toMatchObject({ ended: true, left: ['bob', 'carol'], call: { status: 'ended', callerIn: false } });
  });

  it('cancels only the rings not yet answered', () => {
    const active = settle(withCallee(ringing(['bob', 'carol']), 'bob', 'accepted')).call;
    const change = cancelRinging(active);
    expect(change).toMatchObject({ cancelled: ['carol'], ended: false, call: { status: 'active' } });
    expect(cancelRinging(ringing(['bob', 'carol'])).call.status).toBe('cancelled');
  });

  it('lets a callee who missed or declined join an active call, and others only when allowed', () => {
    const active = settle(withCallee(withCallee(ringing(['bob', 'carol', 'dave']), 'bob', 'accepted'), 'carol', 'missed')).call;
    const member = { isConversationMember: true, blockedByParticipant: false };
    const outsider = { isConversationMember: false, blockedByParticipant: false };
    expect(decideJoin(active, 'carol', outsider)).toEqual({ kind: 'join' });
    expect(decideJoin(active, 'bob', outsider)).toEqual({ kind: 'repeat' });
    expect(decideJoin(active, 'dave', outsider)).toMatchObject({ kind: 'refuse', code: 'failed-precondition' });
    expect(decideJoin(active, 'erin', member)).toMatchObject({ kind: 'refuse', code: 'permission-denied' });
    expect(decideJoin({ ...active, allowJoin: true }, 'erin', member)).toEqual({ kind: 'join' });
    expect(decideJoin({ ...active, allowJoin: true }, 'erin', outsider)).toMatchObject({ kind: 'refuse', code: 'permission-denied' });
    const over = { ...active, status: 'ended' as const };
    expect(decideJoin(over, 'carol', outsider)).toMatchObject({ kind: 'refuse', code: 'failed-precondition' });
  });

  it('keeps out of a call anyone that someone in it blocked, with the refusal of an uninvited user (issue 18, finding 4)', () => {
    const active = { ...settle(withCallee(ringing(['bob', 'carol']), 'bob', 'accepted')).call, allowJoin: true };
    const blocked = { isConversationMember: true, blockedByParticipant: true };
    const notInvited = decideJoin({ ...active, allowJoin: false }, 'erin', { ...blocked, blockedByParticipant: false });
    expect(decideJoin(active, 'erin', blocked)).toEqual(notInvited);
    expect(decideJoin(active, 'carol', blocked)).toEqual(notInvited);
    // Even when the call is over: the refusal must not tell a blocked user more than an uninvited one learns.
    expect(decideJoin({ ...active, status: 'ended' }, 'erin', blocked)).toEqual(notInvited);
    // Someone already in it repeats; the caller rejoins their own call.
    expect(decideJoin(active, 'bob', blocked)).toEqual({ kind: 'repeat' });
    expect(decideJoin({ ...active, callerIn: false }, active.callerId, blocked)).toEqual({ kind: 'join' });
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
