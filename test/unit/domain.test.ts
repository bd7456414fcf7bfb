import { describe, expect, it } from 'vitest';
import { resolvePushTransport } from '../../functions/src/adapters/push/choose-transport.js';
import { emulatedAnswer } from '../../functions/src/adapters/push/emulator-transport.js';
import { directConversationId, idempotentCallId } from '../../functions/src/domain/users/conversation-ids.js';
import { deliveryState, pushErrorKind } from '../../functions/src/domain/push/delivery.js';
import { newInvitation, sendCallInvitationResponse } from '../../functions/src/domain/call/invitation.js';
import { isSameCallRequest } from '../../functions/src/domain/call/new-call.js';
import { PRESENCE_FRESH_MS, presenceVerdict } from '../../functions/src/domain/users/presence.js';
import { BeckonError } from '../../functions/src/domain/errors/beckon-error.js';
import { isRetryableError, transientClientCode } from '../../functions/src/domain/errors/retryable-error.js';
import { SWEEP_SHARDS, sweepShardOf } from '../../functions/src/domain/call/sweep-shard.js';

const NOW = 1_800_000_000_000;

describe('presenceVerdict', () => {
  it('is online only with state online and a heartbeat within 60 s', () => {
    expect(presenceVerdict({ state: 'online', lastSeenAt: NOW - PRESENCE_FRESH_MS }, NOW)).toBe('online');
    expect(presenceVerdict({ state: 'online', lastSeenAt: NOW - PRESENCE_FRESH_MS - 1 }, NOW)).toBe('stale');
    expect(presenceVerdict({ state: 'offline', lastSeenAt: NOW }, NOW)).toBe('offline');
    expect(presenceVerdict(undefined, NOW)).toBe('unknown');
  });
});

describe('conversation and invitation ids', () => {
  it('gives two users one direct conversation whoever calls', () => {
    expect(directConversationId('alice', 'bob')).toBe(directConversationId('bob', 'alice'));
    expect(directConversationId('alice', 'bob')).not.toBe(directConversationId('alice', 'carol'));
    // Joining with a separator would make these two pairs collide.
    expect(directConversationId('a_b', 'c')).not.toBe(directConversationId('a', 'b_c'));
    expect(directConversationId('alice', 'bob')).toMatch(/^direct_[0-9a-f]{40}$/);
  });

  it('maps a requestId to one invitation per caller', () => {
    expect(idempotentCallId('alice', 'r1')).toBe(idempotentCallId('alice', 'r1'));
    expect(idempotentCallId('alice', 'r1')).not.toBe(idempotentCallId('bob', 'r1'));
  });
});

describe('newInvitation', () => {
  const input = {
    invitationId: 'inv',
    callId: 'inv',
    messageId: 'msg',
    roomId: 'room',
    conversationId: 'conv',
    callerId: 'alice',
    callerName: 'Alice',
    calleeId: 'bob',
    callType: 'audio' as const,
    calleeOnline: true,
    nowMs: NOW,
    ringTimeoutMs: 30_000,
  };

  it('makes a ringing invitation and a system message that agree', () => {
    const { invitation, message } = newInvitation(input);
    expect(invitation).toMatchObject({ status: 'ringing', createdAt: NOW, expiresAt: NOW + 30_000, calleeOnlineAtSend: true });
    expect(invitation.requestId).toBeUndefined();
    expect(message).toEqual({
      id: 'msg',
      type: 'system',
      senderId: 'alice',
      text: 'Alice started an audio call',
      createdAt: NOW,
      callInvitation: { invitationId: 'inv', callerId: 'alice', calleeId: 'bob', callType: 'audio', roomId: 'room', status: 'ringing' },
    });
    const response = sendCallInvitationResponse(invitation, message);
    expect(response).toMatchObject({
      invitationId: 'inv',
      conversationId: 'conv',
      roomId: 'room',
      status: 'ringing',
      expiresAt: NOW + 30_000,
      calleeOnline: true,
    });
  });

  it('treats a retry as the same request only for the same callee and call type', () => {
    const { invitation } = newInvitation({ ...input, requestId: 'r1' });
    expect(invitation.requestId).toBe('r1');
    const stored = { calleeIds: ['bob'], callType: 'audio' as const };
    expect(isSameCallRequest(stored, ['bob'], 'audio')).toBe(true);
    expect(isSameCallRequest(stored, ['carol'], 'audio')).toBe(false);
    expect(isSameCallRequest(stored, ['bob'], 'video')).toBe(false);
    // A group call rang the callees asked for, less one who blocked the caller.
    expect(isSameCallRequest({ calleeIds: ['bob', 'carol'], callType: 'video' }, ['bob', 'carol', 'dave'], 'video')).toBe(true);
    expect(isSameCallRequest({ calleeIds: ['bob', 'carol'], callType: 'video' }, ['bob'], 'video')).toBe(false);
  });
});

describe('delivery', () => {
  it('summarises device results', () => {
    expect(deliveryState([])).toBe('no_devices');
    expect(deliveryState([{ ok: true }, { ok: true }])).toBe('sent');
    expect(deliveryState([{ ok: true }, { ok: false }])).toBe('partial');
    expect(deliveryState([{ ok: false }])).toBe('failed');
  });

  it('knows which FCM errors lose the token and which pass', () => {
    expect(pushErrorKind('messaging/registration-token-not-registered')).toBe('token_gone');
    expect(pushErrorKind('messaging/invalid-registration-token')).toBe('token_gone');
    expect(pushErrorKind('messaging/server-unavailable')).toBe('transient');
    expect(pushErrorKind('messaging/internal-error')).toBe('transient');
    expect(pushErrorKind('messaging/third-party-auth-error')).toBe('permanent');
  });
});

describe('push transports', () => {
  it('chooses the emulator under the Functions emulator and FCM when deployed, unless told', () => {
    expect(resolvePushTransport('auto', { FUNCTIONS_EMULATOR: 'true' })).toBe('emulator');
    expect(resolvePushTransport('auto', {})).toBe('fcm');
    expect(resolvePushTransport('', {})).toBe('fcm');
    expect(resolvePushTransport('disabled', { FUNCTIONS_EMULATOR: 'true' })).toBe('disabled');
    expect(resolvePushTransport(' FCM ', { FUNCTIONS_EMULATOR: 'true' })).toBe('fcm');
    expect(() => resolvePushTransport('apns', {})).toThrow(/PUSH_TRANSPORT/);
  });

  it('imitates FCM answers for test tokens in the emulator', () => {
    const fcm = (token: string, attempt = 1) => emulatedAnswer({ token, channel: 'fcm', attempt });
    expect(fcm('fake-unregistered-x')).toEqual({ ok: false, errorCode: 'messaging/registration-token-not-registered' });
    expect(fcm('fake-unavailable-x')).toEqual({ ok: false, errorCode: 'messaging/server-unavailable' });
    expect(fcm('anything-else')).toMatchObject({ ok: true, messageId: expect.stringMatching(/^projects\//) });
    expect(fcm('fake-fail-once-x', 1)).toEqual({ ok: false, errorCode: 'messaging/server-unavailable' });
    expect(fcm('fake-fail-once-x', 2)).toMatchObject({ ok: true });
  });

  it('imitates APNs answers for test VoIP tokens in the emulator', () => {
    const apns = (token: string, attempt = 1) => emulatedAnswer({ token, channel: 'apns', attempt });
    expect(apns('fake-apns-unregistered-x')).toEqual({ ok: false, errorCode: 'apns/Unregistered' });
    expect(apns('fake-apns-bad-x')).toEqual({ ok: false, errorCode: 'apns/BadDeviceToken' });
    expect(apns('fake-apns-unavailable-x', 3)).toEqual({ ok: false, errorCode: 'apns/ServiceUnavailable' });
    expect(apns('fake-apns-fail-once-x', 1)).toEqual({ ok: false, errorCode: 'apns/ServiceUnavailable' });
    expect(apns('fake-apns-fail-once-x', 2)).toMatchObject({ ok: true });
    expect(apns('ab'.repeat(32))).toMatchObject({ ok: true, messageId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
  });
});

describe('isRetryableError', () => {
  it('retries Firestore faults that pass, and gives up on those that fail the same way every time', () => {
    const grpc = (code: number) => Object.assign(new Error(`grpc ${code}`), { code });
    expect([14, 4, 10, 13, 8].map((code) => isRetryableError(grpc(code)))).toEqual([true, true, true, true, true]);
    expect([5, 3, 9, 7].map((code) => isRetryableError(grpc(code)))).toEqual([false, false, false, false]);
    expect(isRetryableError(new BeckonError('not-found', 'invitationId: no such invitation'))).toBe(false);
    expect(isRetryableError(new Error('socket hang up'))).toBe(true);
  });

  it('tells a client to try again after a lost transaction or an unreachable database, and nothing else', () => {
    const grpc = (code: number) => Object.assign(new Error(`grpc ${code}`), { code });
    expect([10, 14, 4].map((code) => transientClientCode(grpc(code)))).toEqual(['aborted', 'unavailable', 'deadline-exceeded']);
    expect([5, 3, 13].map((code) => transientClientCode(grpc(code)))).toEqual([undefined, undefined, undefined]);
    expect(transientClientCode(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('sweepShardOf', () => {
  it('spreads invitation ids evenly over the shards, the same id always to the same one', () => {
    const counts = new Array<number>(SWEEP_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) {
      const shard = sweepShardOf(`invitation-${i}`);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
    expect(sweepShardOf('abc')).toBe(sweepShardOf('abc'));
  });
});
