import { describe, expect, it } from 'vitest';
import type { InvitationStatus } from '../../functions/src/contract/index.js';
import type { ActiveCallFacts } from '../../functions/src/domain/call/busy.js';
import { type Call, callSummary } from '../../functions/src/domain/call/call.js';
import type { CallChange } from '../../functions/src/domain/call/call-changes.js';
import {
  type CallEvent,
  type CallFacts,
  type EventOutcome,
  actorOf,
  decideCallEvent,
  readsFor,
} from '../../functions/src/domain/call/call-events.js';
import { eventForBlock } from '../../functions/src/domain/call/block-in-call.js';
import { currentCallOf, decideEndAndAccept } from '../../functions/src/domain/call/call-waiting.js';
import { mediaRefusal } from '../../functions/src/domain/call/media-access.js';
import { DEFAULT_MAX_CALL_PARTICIPANTS } from '../../functions/src/contract/calls.js';

// Every event of the one call model, pure: (call, event, facts, now) -> refusal | change.

const NOW = 1_800_000_000_000;

/** A call placed at NOW - 10 s, ringing for 30 s, to `callees` (one: a one-to-one call). */
function placed(callees: string[], more: Partial<Call> = {}): Call {
  return {
    callId: 'call',
    callerId: 'alice',
    callerIn: true,
    status: 'ringing',
    callees: Object.fromEntries(callees.map((uid) => [uid, 'ringing'])),
    allowJoin: false,
    group: callees.length > 1,
    memberIds: ['alice', ...callees],
    joinedIds: [],
    invitationIds: Object.fromEntries(callees.map((uid) => [uid, `inv-${uid}`])),
    roomId: 'room',
    conversationId: 'conv',
    messageId: 'msg',
    expiresAtMs: NOW + 20_000,
    lostIds: [],
    maxParticipants: DEFAULT_MAX_CALL_PARTICIPANTS,
    ...more,
  };
}

const noFacts: CallFacts = { active: {} };
/** The liveness timeout: an entry heard from within it is alive. */
const LIVENESS_MS = 90_000;
const entry = (callId: string, invitationId = callId, deviceId?: string | null, aliveAt = NOW - 10_000): ActiveCallFacts => ({
  callId,
  invitationId,
  since: NOW - 60_000,
  aliveAt,
  ...(deviceId === undefined ? {} : { deviceId }),
});

const decide = (call: Call, event: CallEvent, facts: CallFacts = noFacts, nowMs = NOW) =>
  decideCallEvent(call, event, facts, nowMs, LIVENESS_MS);

function changeOf(outcome: EventOutcome): CallChange {
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.change;
}

/** Runs events one after another, each on the call the last one left, as the handler would. */
function afterAll(call: Call, events: CallEvent[], facts: CallFacts = noFacts): Call {
  return events.reduce((current, event) => changeOf(decide(current, event, facts)).call, call);
}

const accept = (by: string, deviceId?: string): CallEvent => ({ kind: 'accept', by, calleeId: by, deviceId });

describe('a one-to-one call', () => {
  it.each<[CallEvent, InvitationStatus, string]>([
    [accept('bob'), 'accepted', 'active'],
    [{ kind: 'decline', by: 'bob', calleeId: 'bob' }, 'declined', 'declined'],
    [{ kind: 'cancel', by: 'alice' }, 'cancelled', 'cancelled'],
    [{ kind: 'cancel', by: 'alice', calleeId: 'bob' }, 'cancelled', 'cancelled'],
  ])('ringing: %o moves the invitation to %s and the call to %s', (event, invitation, status) => {
    const change = changeOf(decide(placed(['bob']), event));
    expect(change.invitations).toEqual({ bob: invitation });
    expect(change.call.status).toBe(status);
    expect(change.history.callInvitation).toEqual({ status: invitation });
  });

  it('an accept puts both parties in the call, the callee with the device that answered', () => {
    const change = changeOf(decide(placed(['bob']), accept('bob', 'phone')));
    expect(change).toMatchObject({ started: true, ended: false, leaving: [] });
    expect(change.call.startedAtMs).toBe(NOW);
    expect(change.entering).toEqual([
      { uid: 'alice', invitationId: 'inv-bob' },
      { uid: 'bob', invitationId: 'inv-bob', deviceId: 'phone' },
    ]);
    expect(changeOf(decide(placed(['bob']), accept('bob'))).entering[1]).toEqual({ uid: 'bob', invitationId: 'inv-bob', deviceId: null });
  });

  it('keeps a one-to-one call open to joiners in the one-to-one shape: its history line moves with it', () => {
    // Placed with calleeId and allowJoin: the shape (group: false) was decided when it was placed.
    const open = placed(['bob'], { allowJoin: true });
    expect(changeOf(decide(open, accept('bob'))).history.callInvitation).toEqual({ status: 'accepted' });
    const active = { ...afterAll(open, [accept('bob')]), startedAtMs: NOW - 20_000 };
    const facts = { active: { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob', null) } };
    const ended = changeOf(decide(active, { kind: 'leave', by: 'alice', forEveryone: false }, facts));
    expect(ended.history.callInvitation).toEqual({ status: 'ended', durationSeconds: 20 });
  });

  it('does not bring back a caller who left a group call when a later callee accepts', () => {
    const group = placed(['bob', 'carol', 'dave']);
    const twoIn = afterAll(group, [accept('bob'), accept('carol')]);
    const inCall = { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob', null), carol: entry('call', 'inv-carol', null) };
    const left = changeOf(decide(twoIn, { kind: 'leave', by: 'alice', forEveryone: false }, { active: inCall }));
    expect(left.leaving).toEqual(['alice']);
    const { alice: _gone, ...stillIn } = inCall;
    const daveIn = changeOf(decide(left.call, accept('dave'), { active: stillIn }));
    expect(daveIn.entering.map((e) => e.uid)).toEqual(['dave']);
    expect(daveIn.call.callerIn).toBe(false);
  });

  it('ends when either party hangs up, with its duration, and frees both', () => {
    const active = { ...afterAll(placed(['bob']), [accept('bob')]), startedAtMs: NOW - 151_000 };
    const active2 = { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob', null) };
    for (const by of ['alice', 'bob']) {
      const change = changeOf(decide(active, { kind: 'leave', by, forEveryone: false }, { active: active2 }));
      expect(change).toMatchObject({ ended: true, invitations: { bob: 'ended' }, call: { status: 'ended', callerIn: false } });
      expect(change.leaving.sort()).toEqual(['alice', 'bob']);
      expect(change.history.callInvitation).toEqual({ status: 'ended', durationSeconds: 151 });
      expect(change.history.call).toMatchObject({ status: 'ended', durationSeconds: 151 });
    }
  });

  it.each<[CallEvent, string]>([
    [{ kind: 'accept', by: 'alice', calleeId: 'bob' }, 'only the callee may accept this call'],
    [{ kind: 'decline', by: 'mallory', calleeId: 'bob' }, 'only the callee may decline this call'],
    [{ kind: 'cancel', by: 'bob' }, 'only the caller may cancel this call'],
    [{ kind: 'cancel', by: 'bob', calleeId: 'bob' }, 'only the caller may cancel this call'],
    [{ kind: 'leave', by: 'mallory', forEveryone: false }, 'only a participant may end this call'],
    [{ kind: 'leave', by: 'bob', forEveryone: true }, 'only the caller may end the call for everyone'],
  ])('refuses %o to the wrong party with permission-denied, telling nothing of the call', (event, reason) => {
    expect(decide(placed(['bob']), event)).toEqual({ kind: 'refuse', refusal: { code: 'permission-denied', reason } });
  });

  it('refuses an answer to a ring that is over with failed-precondition and the status now', () => {
    for (const status of ['declined', 'cancelled', 'missed', 'busy'] as const) {
      const call = placed(['bob'], { status, callerIn: false, callees: { bob: status === 'cancelled' ? 'cancelled' : status } });
      expect(decide(call, accept('bob'))).toEqual({
        kind: 'refuse',
        refusal: { code: 'failed-precondition', reason: `the call is ${status}`, details: { status } },
      });
    }
    const active = afterAll(placed(['bob']), [accept('bob')]);
    expect(decide(active, { kind: 'cancel', by: 'alice' })).toMatchObject({ refusal: { details: { status: 'accepted' } } });
    expect(decide(placed(['bob']), { kind: 'leave', by: 'alice', forEveryone: false })).toMatchObject({
      refusal: { code: 'failed-precondition', details: { status: 'ringing' } },
    });
  });

  it('answers a repeat of the action that won as it did, and a repeated accept only from the device that won', () => {
    const declined = afterAll(placed(['bob']), [{ kind: 'decline', by: 'bob', calleeId: 'bob' }]);
    expect(decide(declined, { kind: 'decline', by: 'bob', calleeId: 'bob' })).toEqual({ kind: 'repeat' });
    const cancelled = afterAll(placed(['bob']), [{ kind: 'cancel', by: 'alice' }]);
    expect(decide(cancelled, { kind: 'cancel', by: 'alice' })).toEqual({ kind: 'repeat' });

    const active = afterAll(placed(['bob']), [accept('bob', 'phone')]);
    const bobIn = (deviceId?: string | null) => ({ active: { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob', deviceId) } });
    expect(decide(active, accept('bob', 'phone'), bobIn('phone'))).toEqual({ kind: 'repeat' });
    expect(decide(active, accept('bob', 'tablet'), bobIn('phone'))).toMatchObject({
      refusal: { code: 'failed-precondition', reason: 'the call was answered on another device', details: { status: 'accepted' } },
    });
    expect(decide(active, accept('bob'), bobIn('phone'))).toMatchObject({ kind: 'refuse' });
    expect(decide(active, accept('bob'), bobIn(null))).toEqual({ kind: 'repeat' });

    const ended = { ...active, status: 'ended' as const, callerIn: false, callees: { bob: 'left' as const } };
    expect(decide(ended, { kind: 'leave', by: 'alice', forEveryone: false })).toEqual({ kind: 'repeat' });
    expect(decide(ended, { kind: 'leave', by: 'bob', forEveryone: false })).toEqual({ kind: 'repeat' });
  });

  it('an answer after expiresAt marks the ring missed, as the timer would, and is refused', () => {
    for (const event of [accept('bob'), { kind: 'decline', by: 'bob', calleeId: 'bob' }, { kind: 'cancel', by: 'alice' }] as CallEvent[]) {
      const outcome = decide(placed(['bob']), event, noFacts, NOW + 20_000);
      expect(outcome).toMatchObject({
        kind: 'change',
        refusal: { code: 'failed-precondition', reason: 'the call stopped ringing (missed)', details: { status: 'missed' } },
      });
      expect(changeOf(outcome)).toMatchObject({ invitations: { bob: 'missed' }, call: { status: 'missed' }, entering: [] });
    }
  });

  it('the ring timer makes only a ring whose time is up missed', () => {
    const timeout: CallEvent = { kind: 'ring_timeout', calleeId: 'bob' };
    expect(changeOf(decide(placed(['bob']), timeout, noFacts, NOW + 20_000))).toMatchObject({
      invitations: { bob: 'missed' },
      ended: true,
      call: { status: 'missed' },
      history: { callInvitation: { status: 'missed' } },
    });
    expect(decide(placed(['bob']), timeout, noFacts, NOW + 19_999)).toEqual({ kind: 'ignore' });
    const active = afterAll(placed(['bob']), [accept('bob')]);
    expect(decide(active, timeout, noFacts, NOW + 60_000)).toEqual({ kind: 'ignore' });
  });

  it('refuses an accept while either party is in another call, naming only the callee’s own', () => {
    const elsewhere = entry('other-call', 'other-inv');
    expect(decide(placed(['bob']), accept('bob'), { active: { bob: elsewhere } })).toEqual({
      kind: 'refuse',
      refusal: {
        code: 'failed-precondition',
        reason: 'you are already in another call',
        details: { status: 'ringing', activeInvitationId: 'other-inv' },
      },
    });
    expect(decide(placed(['bob']), accept('bob'), { active: { alice: elsewhere } })).toEqual({
      kind: 'refuse',
      refusal: { code: 'failed-precondition', reason: 'the caller is in another call', details: { status: 'ringing' } },
    });
  });

  it('reads the parties’ active calls for an accept, the participants’ for a hang-up, and none for a ring’s answer', () => {
    const call = placed(['bob']);
    expect(readsFor(call, accept('bob')).activeCalls).toEqual(['alice', 'bob']);
    expect(readsFor(call, { kind: 'decline', by: 'bob', calleeId: 'bob' }).activeCalls).toEqual([]);
    expect(readsFor(call, { kind: 'ring_timeout', calleeId: 'bob' }).activeCalls).toEqual([]);
    const active = afterAll(call, [accept('bob')]);
    expect(readsFor(active, { kind: 'leave', by: 'bob', forEveryone: false }).activeCalls).toEqual(['alice', 'bob']);
  });

  it('a deleted account: a caller’s ring is cancelled, a callee’s missed, and the call they are in ends', () => {
    expect(changeOf(decide(placed(['bob']), { kind: 'account_deleted', uid: 'alice' }))).toMatchObject({
      invitations: { bob: 'cancelled' },
      call: { status: 'cancelled' },
    });
    expect(changeOf(decide(placed(['bob']), { kind: 'account_deleted', uid: 'bob' }))).toMatchObject({
      invitations: { bob: 'missed' },
      call: { status: 'missed' },
    });
    const active = afterAll(placed(['bob']), [accept('bob')]);
    const both = { active: { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob') } };
    const change = changeOf(decide(active, { kind: 'account_deleted', uid: 'bob' }, both));
    expect(change).toMatchObject({ invitations: { bob: 'ended' }, call: { status: 'ended' } });
    expect(change.leaving.sort()).toEqual(['alice', 'bob']);
    expect(decide(change.call, { kind: 'account_deleted', uid: 'bob' })).toEqual({ kind: 'ignore' });
    expect(decide(placed(['bob']), { kind: 'account_deleted', uid: 'carol' })).toEqual({ kind: 'ignore' });
  });
});

describe('a group call', () => {
  const group = () => placed(['bob', 'carol', 'dave']);

  it('becomes active at the first accept; the others keep ringing; the caller enters once', () => {
    const first = changeOf(decide(group(), accept('bob')));
    expect(first).toMatchObject({ started: true, invitations: { bob: 'accepted' }, call: { status: 'active' } });
    expect(first.call.callees).toEqual({ bob: 'accepted', carol: 'ringing', dave: 'ringing' });
    expect(first.history.callInvitation).toBeUndefined();
    expect(first.history.call.callees).toEqual(first.call.callees);
    const callerIn = { active: { alice: entry('call', 'inv-bob') } };
    const second = changeOf(decide(first.call, accept('carol'), callerIn));
    expect(second.started).toBe(false);
    expect(second.entering).toEqual([{ uid: 'carol', invitationId: 'inv-carol', deviceId: null }]);
  });

  it('ends with the callees’ answer when nobody joined, only once the last ring stopped', () => {
    const declined = changeOf(decide(group(), { kind: 'decline', by: 'bob', calleeId: 'bob' }));
    expect(declined.call.status).toBe('ringing');
    const missedToo = afterAll(declined.call, [{ kind: 'decline', by: 'carol', calleeId: 'carol' }]);
    const last = changeOf(decide(missedToo, { kind: 'ring_timeout', calleeId: 'dave' }, noFacts, NOW + 20_000));
    expect(last).toMatchObject({ ended: true, invitations: { dave: 'missed' }, call: { status: 'missed', callerIn: false } });
  });

  it('cancelling by callId stops every ring not yet answered; whoever is in stays', () => {
    const active = afterAll(group(), [accept('bob')]);
    const change = changeOf(decide(active, { kind: 'cancel', by: 'alice' }));
    expect(change).toMatchObject({ ended: false, invitations: { carol: 'cancelled', dave: 'cancelled' }, call: { status: 'active' } });
    expect(changeOf(decide(group(), { kind: 'cancel', by: 'alice' })).call.status).toBe('cancelled');
    // By invitationId: that callee's ring only.
    const one = changeOf(decide(group(), { kind: 'cancel', by: 'alice', calleeId: 'carol' }, { active: {}, invitationStatus: 'ringing' }));
    expect(one).toMatchObject({ invitations: { carol: 'cancelled' }, call: { status: 'ringing' } });
    // Too late: every ring whose time is up is missed, and the cancel refused with the call's status.
    const late = decide(group(), { kind: 'cancel', by: 'alice' }, noFacts, NOW + 20_000);
    expect(late).toMatchObject({ refusal: { details: { status: 'missed' } } });
    expect(changeOf(late).invitations).toEqual({ bob: 'missed', carol: 'missed', dave: 'missed' });
    // Nothing rings any more: a repeat after a cancel answers again; otherwise the call's status.
    const cancelled = changeOf(decide(group(), { kind: 'cancel', by: 'alice' })).call;
    expect(decide(cancelled, { kind: 'cancel', by: 'alice' })).toEqual({ kind: 'repeat' });
    const allIn = afterAll(group(), [accept('bob'), accept('carol'), accept('dave')]);
    expect(decide(allIn, { kind: 'cancel', by: 'alice' })).toMatchObject({ refusal: { details: { status: 'active' } } });
  });

  it('goes on while two are in it; when the last callee leaves it ends and stops whoever still rings', () => {
    const twoIn = afterAll(group(), [accept('bob'), accept('carol')]);
    const callerLeft = changeOf(decide(twoIn, { kind: 'leave', by: 'alice', forEveryone: false }, { active: { alice: entry('call') } }));
    expect(callerLeft).toMatchObject({ ended: false, invitations: {}, leaving: ['alice'], call: { status: 'active', callerIn: false } });
    const everyone = { active: { bob: entry('call'), carol: entry('call') } };
    const lastLeaves = changeOf(decide(callerLeft.call, { kind: 'leave', by: 'bob', forEveryone: false }, everyone));
    expect(lastLeaves).toMatchObject({
      ended: true,
      invitations: { bob: 'ended', carol: 'ended', dave: 'cancelled' },
      call: { status: 'ended', callees: { bob: 'left', carol: 'left', dave: 'cancelled' } },
    });
    expect(lastLeaves.leaving.sort()).toEqual(['bob', 'carol']);
  });

  it('ends for everyone when the caller says so', () => {
    const twoIn = afterAll(group(), [accept('bob'), accept('carol')]);
    const change = changeOf(decide(twoIn, { kind: 'leave', by: 'alice', forEveryone: true }));
    expect(change).toMatchObject({
      ended: true,
      invitations: { bob: 'ended', carol: 'ended', dave: 'cancelled' },
      call: { status: 'ended', callerIn: false },
    });
    // Someone who left, leaving again, is a repeat; someone never in is refused with their part.
    const afterBob = afterAll(twoIn, [{ kind: 'leave', by: 'bob', forEveryone: false }]);
    expect(decide(afterBob, { kind: 'leave', by: 'bob', forEveryone: false })).toEqual({ kind: 'repeat' });
    expect(decide(afterBob, { kind: 'leave', by: 'dave', forEveryone: false })).toMatchObject({
      refusal: { reason: 'your part is ringing', details: { status: 'ringing' } },
    });
  });

  it('lets a callee join after a missed ring; their invitation keeps its answer when they leave', () => {
    const active = afterAll(group(), [accept('bob'), { kind: 'decline', by: 'dave', calleeId: 'dave' }]);
    const missed = changeOf(decide(active, { kind: 'ring_timeout', calleeId: 'carol' }, noFacts, NOW + 20_000)).call;
    const joined = changeOf(decide(missed, { kind: 'join', by: 'carol', deviceId: 'laptop' }));
    expect(joined).toMatchObject({ invitations: {}, call: { callees: { carol: 'accepted' }, joinedIds: ['carol'] } });
    expect(joined.entering).toEqual([{ uid: 'carol', invitationId: 'inv-carol', deviceId: 'laptop' }]);
    expect(decide(joined.call, { kind: 'join', by: 'carol' })).toEqual({ kind: 'repeat' });
    // Her invitation stays missed: neither an accept of it nor her leaving moves it. Only for her
    // (who joined later) does an answer to her ring need her invitation read: the call no longer says it.
    expect(readsFor(joined.call, accept('carol')).invitation).toBe(true);
    expect(readsFor(joined.call, accept('bob')).invitation).toBe(false);
    expect(decide(joined.call, accept('carol'), { active: {}, invitationStatus: 'missed' })).toMatchObject({
      refusal: { details: { status: 'missed' } },
    });
    const left = changeOf(decide(joined.call, { kind: 'leave', by: 'carol', forEveryone: false }));
    expect(left).toMatchObject({ invitations: {}, call: { status: 'active', callees: { carol: 'left' } } });
  });

  it('lets members who were not rung join only when the caller allowed it, and nobody into a call that is over', () => {
    const open = afterAll(placed(['bob', 'carol'], { allowJoin: true }), [accept('bob')]);
    const member = { active: {}, isConversationMember: true, blockedByMember: false };
    const joined = changeOf(decide(open, { kind: 'join', by: 'erin' }, member));
    expect(joined.call.memberIds).toContain('erin');
    expect(joined.entering).toEqual([{ uid: 'erin', invitationId: 'call', deviceId: null }]);
    expect(decide(open, { kind: 'join', by: 'erin' }, { ...member, isConversationMember: false })).toMatchObject({
      refusal: { code: 'permission-denied' },
    });
    expect(decide({ ...open, allowJoin: false }, { kind: 'join', by: 'erin' }, member)).toMatchObject({
      refusal: { code: 'permission-denied' },
    });
    expect(decide(open, { kind: 'join', by: 'carol' })).toMatchObject({
      refusal: { code: 'failed-precondition', reason: 'your invitation is ringing: accept it' },
    });
    const ended = afterAll(open, [{ kind: 'leave', by: 'alice', forEveryone: true }]);
    expect(decide(ended, { kind: 'join', by: 'bob' })).toEqual({
      kind: 'refuse',
      refusal: { code: 'failed-precondition', reason: 'the call is ended', details: { status: 'ended' } },
    });
    expect(readsFor(open, { kind: 'join', by: 'erin' })).toEqual({
      activeCalls: ['alice', 'bob', 'erin'],
      conversation: true,
      blocksOf: ['alice', 'bob', 'carol'],
      userBlocks: [],
      invitation: false,
    });
  });

  it('keeps out anyone that someone in it blocked, with the refusal of an uninvited user', () => {
    const open = afterAll(placed(['bob', 'carol'], { allowJoin: true }), [accept('bob')]);
    const blocked = { active: {}, isConversationMember: true, blockedByMember: true };
    const notInvited = decide({ ...open, allowJoin: false }, { kind: 'join', by: 'erin' }, { ...blocked, blockedByMember: false });
    expect(decide(open, { kind: 'join', by: 'erin' }, blocked)).toEqual(notInvited);
    const carolMissed = changeOf(decide(open, { kind: 'ring_timeout', calleeId: 'carol' }, noFacts, NOW + 20_000)).call;
    expect(decide(carolMissed, { kind: 'join', by: 'carol' }, blocked)).toEqual(notInvited);
  });

  it('keeps out a joiner whom a callee who still rings blocked, and reads every member for it', () => {
    const open = afterAll(placed(['bob', 'carol', 'dave'], { allowJoin: true }), [accept('dave')]);
    expect(readsFor(open, { kind: 'join', by: 'erin' }).blocksOf).toEqual(['alice', 'bob', 'carol', 'dave']);
    const blockedByBob = { active: {}, isConversationMember: true, blockedByMember: true };
    expect(decide(open, { kind: 'join', by: 'erin' }, blockedByBob)).toMatchObject({ refusal: { code: 'permission-denied' } });
  });

  it('refuses an accept while someone the callee blocked is in the call, naming the reason', () => {
    const open = afterAll(placed(['bob', 'carol'], { allowJoin: true }), [accept('carol'), { kind: 'join', by: 'erin' }], {
      active: {},
      isConversationMember: true,
    });
    expect(readsFor(open, accept('bob')).userBlocks).toEqual(['alice', 'carol', 'erin']);
    expect(decide(open, accept('bob'), { active: {}, blocksParticipant: true })).toEqual({
      kind: 'refuse',
      refusal: { code: 'failed-precondition', reason: 'someone you blocked is in this call', details: { status: 'ringing' } },
    });
    expect(changeOf(decide(open, accept('bob'), { active: {}, blocksParticipant: false })).call.callees.bob).toBe('accepted');
  });

  it('posts a decline’s message only to a caller who has not blocked the callee', () => {
    const call = placed(['bob']);
    const decline: CallEvent = { kind: 'decline', by: 'bob', calleeId: 'bob', message: 'Call you later' };
    expect(readsFor(call, decline).blocksOf).toEqual(['alice']);
    expect(readsFor(call, { kind: 'decline', by: 'bob', calleeId: 'bob' }).blocksOf).toEqual([]);
    expect(changeOf(decide(call, decline, { active: {}, blockedByMember: false })).reply).toEqual({
      senderId: 'bob',
      text: 'Call you later',
    });
    const blocked = changeOf(decide(call, decline, { active: {}, blockedByMember: true }));
    expect(blocked.reply).toBeUndefined();
    expect(blocked.call.status).toBe('declined');
  });

  it('holds at most maxParticipants: an accept or a join past it is resource-exhausted, and the history line says full', () => {
    const refusal = {
      code: 'resource-exhausted',
      reason: 'the call is full (3 people)',
      details: { status: 'active', maxParticipants: 3 },
    };
    const three = afterAll(placed(['bob', 'carol', 'dave'], { allowJoin: true, maxParticipants: 3 }), [accept('bob'), accept('carol')]);
    expect(callSummary(three).full).toBe(true);
    expect(decide(three, accept('dave'))).toEqual({ kind: 'refuse', refusal });
    expect(decide(three, { kind: 'join', by: 'erin' }, { active: {}, isConversationMember: true })).toEqual({ kind: 'refuse', refusal });
    // Someone in it already is a repeat, not a refusal.
    expect(decide(three, { kind: 'join', by: 'bob' })).toEqual({ kind: 'repeat' });
    const roomAgain = changeOf(decide(three, { kind: 'leave', by: 'carol', forEveryone: false }, { active: {} }));
    expect(roomAgain.history.call.full).toBeUndefined();
    expect(changeOf(decide(roomAgain.call, accept('dave'))).call.callees.dave).toBe('accepted');
  });

  it('reads for a repeat only what tells it: nothing but the callee’s own entry for an accept, nothing for a decline, a join or a leave', () => {
    const none = { activeCalls: [], conversation: false, blocksOf: [], userBlocks: [], invitation: false };
    const eight = afterAll(placed(['bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan'], { allowJoin: true }), [
      accept('bob', 'phone'),
      accept('carol'),
      { kind: 'decline', by: 'dave', calleeId: 'dave' },
    ]);
    expect(readsFor(eight, accept('bob', 'phone'))).toEqual({ ...none, activeCalls: ['bob'] });
    expect(readsFor(eight, { kind: 'decline', by: 'dave', calleeId: 'dave' })).toEqual(none);
    expect(readsFor(eight, { kind: 'join', by: 'carol' })).toEqual(none);
    expect(readsFor(eight, { kind: 'leave', by: 'dave', forEveryone: false })).toEqual(none);
    // What they read is all the decision needs: the same answers as with every fact read.
    expect(decide(eight, accept('bob', 'phone'), { active: { bob: entry('call', 'inv-bob', 'phone') } })).toEqual({ kind: 'repeat' });
    expect(decide(eight, accept('bob', 'tablet'), { active: { bob: entry('call', 'inv-bob', 'phone') } })).toMatchObject({
      refusal: { reason: 'the call was answered on another device' },
    });
    expect(decide(eight, { kind: 'decline', by: 'dave', calleeId: 'dave' })).toEqual({ kind: 'repeat' });
    expect(decide(eight, { kind: 'join', by: 'carol' })).toEqual({ kind: 'repeat' });
    expect(decide(eight, { kind: 'leave', by: 'dave', forEveryone: false })).toMatchObject({
      refusal: { reason: 'your part is declined' },
    });
    // Not a repeat: the full round.
    expect(readsFor(eight, { kind: 'join', by: 'dave' }).activeCalls).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(readsFor(eight, accept('erin')).userBlocks).toEqual(['alice', 'bob', 'carol']);
  });

  it('refuses a join while the joiner is in another call, naming it', () => {
    const active = afterAll(group(), [accept('bob'), { kind: 'decline', by: 'carol', calleeId: 'carol' }]);
    expect(decide(active, { kind: 'join', by: 'carol' }, { active: { carol: entry('other', 'other-inv') } })).toEqual({
      kind: 'refuse',
      refusal: { code: 'failed-precondition', reason: 'you are already in another call', details: { activeInvitationId: 'other-inv' } },
    });
  });

  it('a deleted caller’s rings stop and they leave; the call goes on while two are in it', () => {
    const twoIn = afterAll(group(), [accept('bob'), accept('carol')]);
    const change = changeOf(decide(twoIn, { kind: 'account_deleted', uid: 'alice' }, { active: { alice: entry('call') } }));
    expect(change).toMatchObject({ invitations: { dave: 'cancelled' }, leaving: ['alice'], call: { status: 'active', callerIn: false } });
  });
});

describe('a participant whose app went silent (the liveness sweep’s `lost`)', () => {
  const silent = (callId = 'call', invitationId = 'inv-bob') => entry(callId, invitationId, null, NOW - LIVENESS_MS);

  it('ends a one-to-one call `lost` when either party is silent, and frees both', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    const change = changeOf(decide(active, { kind: 'lost', uid: 'bob' }, { active: { alice: entry('call', 'inv-bob'), bob: silent() } }));
    expect(change).toMatchObject({
      ended: true,
      invitations: { bob: 'ended' },
      call: { status: 'ended', endedReason: 'lost', lostIds: ['bob'], callees: { bob: 'left' } },
      history: { call: { status: 'ended', endedReason: 'lost', lostIds: ['bob'] }, callInvitation: { status: 'ended' } },
    });
    expect(change.leaving.sort()).toEqual(['alice', 'bob']);
    const callerLost = changeOf(
      decide(active, { kind: 'lost', uid: 'alice' }, { active: { alice: silent(), bob: entry('call', 'inv-bob') } }),
    );
    expect(callerLost.call).toMatchObject({ status: 'ended', endedReason: 'lost', lostIds: ['alice'], callerIn: false });
  });

  it('leaves alone someone heard from in time, someone no longer in the call, and a call still ringing', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    const alive = { active: { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob', null, NOW - LIVENESS_MS + 1) } };
    expect(decide(active, { kind: 'lost', uid: 'bob' }, alive)).toEqual({ kind: 'ignore' });
    const ended = changeOf(decide(active, { kind: 'leave', by: 'alice', forEveryone: false }, alive)).call;
    expect(decide(ended, { kind: 'lost', uid: 'bob' }, { active: {} })).toEqual({ kind: 'ignore' });
    expect(decide(placed(['bob']), { kind: 'lost', uid: 'alice' }, { active: {} })).toEqual({ kind: 'ignore' });
  });

  it('clears a silent entry that still names a call its owner is no longer in', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    const ended = changeOf(decide(active, { kind: 'leave', by: 'alice', forEveryone: false }, { active: {} })).call;
    const change = changeOf(decide(ended, { kind: 'lost', uid: 'bob' }, { active: { bob: silent() } }));
    expect(change).toMatchObject({ invitations: {}, entering: [], leaving: ['bob'], call: { status: 'ended' } });
  });

  it('takes out of the call someone who went on to another call after going silent in it', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    const elsewhere = { active: { alice: entry('call', 'inv-bob'), bob: entry('other-call', 'other-inv') } };
    const change = changeOf(decide(active, { kind: 'lost', uid: 'bob' }, elsewhere));
    expect(change.call).toMatchObject({ status: 'ended', endedReason: 'lost' });
    // Only this call's entries go: Bob's entry names his other call and stays.
    expect(change.leaving).toEqual(['alice']);
  });

  it('in a group call, the others go on; the lost one is named on the call and its history line', () => {
    const threeIn = afterAll(placed(['bob', 'carol', 'dave']), [accept('bob'), accept('carol')]);
    const active = { active: { alice: entry('call', 'inv-bob'), bob: entry('call', 'inv-bob'), carol: silent('call', 'inv-carol') } };
    const change = changeOf(decide(threeIn, { kind: 'lost', uid: 'carol' }, active));
    expect(change).toMatchObject({
      ended: false,
      invitations: { carol: 'ended' },
      leaving: ['carol'],
      call: { status: 'active', lostIds: ['carol'], callees: { bob: 'accepted', carol: 'left', dave: 'ringing' } },
      history: { call: { lostIds: ['carol'] } },
    });
    expect(change.call.endedReason).toBeUndefined();
  });

  it('an accept from, or to, someone silent in another call is no conflict: they are not busy', () => {
    const elsewhere = { active: { bob: entry('other-call', 'other-inv', null, NOW - LIVENESS_MS) } };
    expect(changeOf(decide(placed(['bob']), accept('bob'), elsewhere)).call.status).toBe('active');
    const callerSilent = { active: { alice: entry('other-call', 'other-inv', undefined, NOW - LIVENESS_MS) } };
    expect(changeOf(decide(placed(['bob']), accept('bob'), callerSilent)).call.status).toBe('active');
  });

  it('a hang-up ends a call `hung_up`', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    expect(changeOf(decide(active, { kind: 'leave', by: 'bob', forEveryone: false })).call).toMatchObject({
      status: 'ended',
      endedReason: 'hung_up',
      lostIds: [],
    });
  });
});

describe('a callee who answered another call, a decline with a message, and call waiting’s end-and-accept', () => {
  const inOther = { active: { bob: entry('other-call', 'other-inv') } };

  it('a ring to a callee who went into another call ends `busy`; the call is over when it was the only ring', () => {
    const change = changeOf(decide(placed(['bob']), { kind: 'callee_busy', calleeId: 'bob' }, inOther));
    expect(change).toMatchObject({
      ended: true,
      invitations: { bob: 'busy' },
      call: { status: 'busy' },
      history: { callInvitation: { status: 'busy' } },
    });
    const group = changeOf(decide(placed(['bob', 'carol']), { kind: 'callee_busy', calleeId: 'bob' }, inOther));
    expect(group).toMatchObject({
      ended: false,
      invitations: { bob: 'busy' },
      call: { status: 'ringing', callees: { bob: 'busy', carol: 'ringing' } },
    });
  });

  it('leaves alone a ring already answered, a callee no longer (or never) in another call, and a ring whose time is up', () => {
    const accepted = afterAll(placed(['bob']), [accept('bob')]);
    expect(decide(accepted, { kind: 'callee_busy', calleeId: 'bob' }, inOther)).toEqual({ kind: 'ignore' });
    expect(decide(placed(['bob']), { kind: 'callee_busy', calleeId: 'bob' }, noFacts)).toEqual({ kind: 'ignore' });
    const silent = { active: { bob: entry('other-call', 'other-inv', null, NOW - LIVENESS_MS) } };
    expect(decide(placed(['bob']), { kind: 'callee_busy', calleeId: 'bob' }, silent)).toEqual({ kind: 'ignore' });
    expect(decide(placed(['bob']), { kind: 'callee_busy', calleeId: 'bob' }, inOther, NOW + 20_000)).toEqual({ kind: 'ignore' });
  });

  it('a decline with a message carries it as the callee’s reply; a repeat carries none', () => {
    const change = changeOf(decide(placed(['bob']), { kind: 'decline', by: 'bob', calleeId: 'bob', message: 'In a meeting' }));
    expect(change).toMatchObject({ invitations: { bob: 'declined' }, reply: { senderId: 'bob', text: 'In a meeting' } });
    expect(decide(change.call, { kind: 'decline', by: 'bob', calleeId: 'bob', message: 'again' })).toEqual({ kind: 'repeat' });
    expect(changeOf(decide(placed(['bob']), { kind: 'decline', by: 'bob', calleeId: 'bob' }))).not.toHaveProperty('reply');
  });

  it('end-and-accept: the current call ends for its other party and this one starts, the callee entering it', () => {
    const current = afterAll(placed(['bob'], { callId: 'other-call', invitationIds: { bob: 'other-inv' } }), [accept('bob')]);
    const currentFacts = { active: { alice: entry('other-call', 'other-inv'), bob: entry('other-call', 'other-inv') } };
    const waiting = placed(['bob'], { callerId: 'carol', memberIds: ['carol', 'bob'], invitationIds: { bob: 'inv-waiting' } });
    const event = { kind: 'accept', by: 'bob', calleeId: 'bob', endCurrent: true } as const;
    const facts = { active: { carol: undefined, bob: entry('other-call', 'other-inv') } };
    const leave = { kind: 'leave', by: 'bob', forEveryone: false } as const;
    expect(currentCallOf(waiting, event, facts, NOW, LIVENESS_MS)).toEqual({ callId: 'other-call', leave });
    const { ending, outcome } = decideEndAndAccept(waiting, event, facts, { call: current, facts: currentFacts, leave }, NOW, LIVENESS_MS);
    expect(ending).toMatchObject({ ended: true, call: { status: 'ended', endedReason: 'hung_up' }, invitations: { bob: 'ended' } });
    // Bob's entry is written anew by the accept: the ending deletes only Alice's.
    expect(ending?.leaving).toEqual(['alice']);
    expect(changeOf(outcome)).toMatchObject({ started: true, call: { status: 'active' }, entering: [{ uid: 'carol' }, { uid: 'bob' }] });
  });

  it('a user silent in one call who accepts another is lost from the first in the same change, never in two calls', () => {
    const current = afterAll(placed(['bob'], { callId: 'other-call', invitationIds: { bob: 'other-inv' } }), [accept('bob')]);
    const silentAt = NOW - LIVENESS_MS - 1_000;
    const currentFacts = { active: { alice: entry('other-call', 'other-inv'), bob: entry('other-call', 'other-inv', null, silentAt) } };
    const carols = placed(['bob'], { callerId: 'carol', memberIds: ['carol', 'bob'], invitationIds: { bob: 'inv-carol' } });
    const facts = { active: { carol: undefined, bob: entry('other-call', 'other-inv', null, silentAt) } };
    const found = currentCallOf(carols, accept('bob'), facts, NOW, LIVENESS_MS);
    expect(found).toEqual({ callId: 'other-call', leave: { kind: 'lost', uid: 'bob' } });
    if (!found) throw new Error('expected the current call');
    const bobAccepts = { kind: 'accept', by: 'bob', calleeId: 'bob' } as const;
    const { ending, outcome } = decideEndAndAccept(
      carols,
      bobAccepts,
      facts,
      { call: current, facts: currentFacts, leave: found.leave },
      NOW,
      LIVENESS_MS,
    );
    expect(ending).toMatchObject({ ended: true, call: { status: 'ended', endedReason: 'lost', lostIds: ['bob'] } });
    expect(ending?.leaving).toEqual(['alice']);
    expect(changeOf(outcome).call.status).toBe('active');
    // Alive in the other call, without endCurrent: nothing is left, and the accept is refused.
    const alive = { active: { bob: entry('other-call', 'other-inv') } };
    expect(currentCallOf(carols, accept('bob'), alive, NOW, LIVENESS_MS)).toBeUndefined();
  });

  it('end-and-accept ends nothing when the accept is refused, and needs no ending when the current call is already over', () => {
    const current = afterAll(placed(['bob'], { callId: 'other-call', invitationIds: { bob: 'other-inv' } }), [accept('bob')]);
    const currentFacts = { active: { alice: entry('other-call', 'other-inv'), bob: entry('other-call', 'other-inv') } };
    const event = { kind: 'accept', by: 'bob', calleeId: 'bob', endCurrent: true } as const;
    const facts = { active: { bob: entry('other-call', 'other-inv') } };
    const tooLate = decideEndAndAccept(
      placed(['bob'], { callerId: 'carol' }),
      event,
      facts,
      { call: current, facts: currentFacts, leave: { kind: 'leave', by: 'bob', forEveryone: false } },
      NOW + 20_000,
      LIVENESS_MS,
    );
    expect(tooLate.ending).toBeUndefined();
    expect(tooLate.outcome).toMatchObject({ refusal: { details: { status: 'missed' } } });
    const hungUp = changeOf(decide(current, { kind: 'leave', by: 'alice', forEveryone: false }, currentFacts)).call;
    const after = decideEndAndAccept(
      placed(['bob'], { callerId: 'carol' }),
      event,
      facts,
      { call: hungUp, facts: { active: {} }, leave: { kind: 'leave', by: 'bob', forEveryone: false } },
      NOW,
      LIVENESS_MS,
    );
    expect(after.ending).toBeUndefined();
    expect(changeOf(after.outcome).call.status).toBe('active');
    // Without endCurrent, an accept while in another call is refused, naming it.
    expect(decide(placed(['bob']), accept('bob'), facts)).toMatchObject({
      kind: 'refuse',
      refusal: { code: 'failed-precondition', details: { activeInvitationId: 'other-inv' } },
    });
  });
});

describe('a call has a length limit (MAX_CALL_MINUTES)', () => {
  const MAX = 240 * 60_000;
  const active = (startedAtMs: number) => ({ ...afterAll(placed(['bob', 'carol']), [accept('bob')]), startedAtMs });

  it('ends a call past its time for everyone, endedReason time_limit, and stops the rings still on', () => {
    const call = active(NOW - MAX);
    expect(readsFor(call, { kind: 'time_limit', maxCallMs: MAX }).activeCalls).toEqual(['alice', 'bob']);
    const change = changeOf(decide(call, { kind: 'time_limit', maxCallMs: MAX }, { active: { alice: entry('call'), bob: entry('call') } }));
    expect(change.call).toMatchObject({
      status: 'ended',
      endedReason: 'time_limit',
      callerIn: false,
      callees: { bob: 'left', carol: 'cancelled' },
    });
    expect(change.leaving.sort()).toEqual(['alice', 'bob']);
  });

  it('leaves alone a call within its time, one still ringing, and one already over', () => {
    expect(decide(active(NOW - MAX + 1_000), { kind: 'time_limit', maxCallMs: MAX })).toEqual({ kind: 'ignore' });
    expect(decide(placed(['bob']), { kind: 'time_limit', maxCallMs: MAX })).toEqual({ kind: 'ignore' });
    const over = afterAll(active(NOW - MAX), [{ kind: 'leave', by: 'alice', forEveryone: true }]);
    expect(decide(over, { kind: 'time_limit', maxCallMs: MAX })).toEqual({ kind: 'ignore' });
  });

  it('gives no more credentials past it', () => {
    const limit = { nowMs: NOW, maxCallMs: MAX };
    expect(mediaRefusal(active(NOW - MAX), 'bob', limit)).toEqual({
      code: 'failed-precondition',
      reason: 'the call reached its time limit',
    });
    expect(mediaRefusal(active(NOW - MAX + 1_000), 'bob', limit)).toBeUndefined();
  });
});

describe('a block made during a call the two share (issue 28: leaving means gone)', () => {
  const group = () => placed(['bob', 'carol', 'dave']);

  it('a one-to-one call: the blocker hangs up, as they could have; a call that only rings, or is over, is left alone', () => {
    const active = afterAll(placed(['bob']), [accept('bob')]);
    expect(eventForBlock(active, 'bob', 'alice')).toEqual({ kind: 'leave', by: 'bob', forEveryone: false });
    expect(eventForBlock(active, 'alice', 'bob')).toEqual({ kind: 'leave', by: 'alice', forEveryone: false });
    expect(eventForBlock(active, 'alice', 'mallory')).toBeUndefined();
    expect(eventForBlock(placed(['bob']), 'alice', 'bob')).toBeUndefined();
    const over = afterAll(active, [{ kind: 'leave', by: 'bob', forEveryone: false }]);
    expect(eventForBlock(over, 'alice', 'bob')).toBeUndefined();
  });

  it('a group call: the blocked user is taken out by the system (not by the blocker), and the call goes on for the others', () => {
    const allIn = afterAll(group(), [accept('bob'), accept('carol'), accept('dave')]);
    const event = eventForBlock(allIn, 'bob', 'carol');
    expect(event).toEqual({ kind: 'blocked', blockerId: 'bob', uid: 'carol' });
    expect(actorOf(event as CallEvent)).toBeUndefined();
    expect(readsFor(allIn, event as CallEvent).activeCalls.sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
    const change = changeOf(decide(allIn, event as CallEvent, { active: { carol: entry('call', 'inv-carol') } }));
    expect(change).toMatchObject({
      ended: false,
      leaving: ['carol'],
      call: { status: 'active', callees: { bob: 'accepted', carol: 'left' } },
    });
    // The caller blocked: the same.
    const callerBlocks = changeOf(decide(allIn, { kind: 'blocked', blockerId: 'alice', uid: 'dave' }, noFacts));
    expect(callerBlocks.call.callees.dave).toBe('left');
  });

  it('a group call: a ring still on for the blocked user stops, while the blocker takes part; a blocker who left changes nothing', () => {
    const bobIn = afterAll(group(), [accept('bob')]);
    const stopped = changeOf(decide(bobIn, eventForBlock(bobIn, 'bob', 'carol') as CallEvent));
    expect(stopped).toMatchObject({ invitations: { carol: 'cancelled' }, call: { status: 'active', callees: { carol: 'cancelled' } } });
    // The caller of a group call that only rings takes part in it too.
    expect(changeOf(decide(group(), eventForBlock(group(), 'alice', 'dave') as CallEvent)).invitations).toEqual({ dave: 'cancelled' });
    // A blocker who still rings is not in the call (their accept is refused instead); one who left changes nothing.
    expect(eventForBlock(bobIn, 'carol', 'bob')).toBeUndefined();
    const bobLeft = afterAll(afterAll(group(), [accept('bob'), accept('carol')]), [{ kind: 'leave', by: 'bob', forEveryone: false }]);
    expect(decide(bobLeft, { kind: 'blocked', blockerId: 'bob', uid: 'carol' })).toEqual({ kind: 'ignore' });
  });
});
