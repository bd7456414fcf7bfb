import { describe, expect, it } from 'vitest';
import { DELIVERY_LEASE_MS, PUSH_SEND_TIMEOUT_MS, leaseDecision } from '../../functions/src/domain/push/delivery.js';
import { finalDeliveryStates } from '../../functions/src/contract/index.js';
import { FAULT_POINTS, faultStrikes, parseFaultRates } from '../../functions/src/faults/fault-points.js';
import { isRetryableEventError } from '../../functions/src/domain/errors/retryable-error.js';
import { BeckonError } from '../../functions/src/domain/errors/beckon-error.js';
import { callInvitationPlan, statusPushOf, stopRingingPlan, STOP_RINGING_GRACE_MS } from '../../functions/src/domain/push/push-plans.js';
import type { Invitation } from '../../functions/src/domain/call/invitation.js';

const NOW = 1_800_000_000_000;

// Each row is one transition of docs/design.md's table of the delivery record's states, as a
// worker that finds the record sees it.
describe('the delivery lease', () => {
  it('is claimed when no worker has it', () => {
    expect(leaseDecision(undefined, NOW)).toEqual({ kind: 'claim', takeover: false });
    expect(leaseDecision({ state: 'pending' }, NOW)).toEqual({ kind: 'claim', takeover: false });
  });

  it('is waited for while a live worker holds it, and taken over once it ran out', () => {
    const sending = { state: 'sending' as const, claimedAtMs: NOW - 1_000 };
    expect(leaseDecision(sending, NOW)).toEqual({ kind: 'held', untilMs: NOW - 1_000 + DELIVERY_LEASE_MS });
    expect(leaseDecision(sending, NOW - 1_000 + DELIVERY_LEASE_MS + 1)).toEqual({ kind: 'claim', takeover: true });
    expect(leaseDecision({ state: 'sending' }, NOW)).toEqual({ kind: 'claim', takeover: true });
  });

  it('is taken over at once when the worker holding it threw and released it', () => {
    expect(leaseDecision({ state: 'sending', claimedAtMs: NOW - 1_000, released: true }, NOW)).toEqual({ kind: 'claim', takeover: true });
    const retrying = { state: 'retrying' as const, claimedAtMs: NOW - 5_000, nextAttemptAtMs: NOW + 2_000, released: true };
    expect(leaseDecision(retrying, NOW)).toEqual({ kind: 'claim', takeover: true });
    // A record that is done stays done, released or not.
    expect(leaseDecision({ state: 'sent', claimedAtMs: NOW - 1_000, released: true }, NOW)).toEqual({ kind: 'done' });
  });

  it('holds a ring waiting to retry until its next attempt, plus the lease', () => {
    const retrying = { state: 'retrying' as const, claimedAtMs: NOW - 60_000, nextAttemptAtMs: NOW + 2_000 };
    expect(leaseDecision(retrying, NOW)).toEqual({ kind: 'held', untilMs: NOW + 2_000 + DELIVERY_LEASE_MS });
    expect(leaseDecision(retrying, NOW + 2_000 + DELIVERY_LEASE_MS + 1)).toEqual({ kind: 'claim', takeover: true });
  });

  it('leaves a deferred push to the ring that holds it back, and a final one alone', () => {
    expect(leaseDecision({ state: 'deferred', claimedAtMs: NOW - 10 * DELIVERY_LEASE_MS }, NOW)).toEqual({ kind: 'done' });
    for (const state of finalDeliveryStates) {
      expect(leaseDecision({ state, claimedAtMs: NOW - 10 * DELIVERY_LEASE_MS }, NOW)).toEqual({ kind: 'done' });
    }
  });

  it('is longer than one send may take, and well inside the shortest ring (15 s)', () => {
    expect(DELIVERY_LEASE_MS).toBeGreaterThan(PUSH_SEND_TIMEOUT_MS);
    expect(DELIVERY_LEASE_MS).toBeLessThan(15_000);
  });
});

describe('FAULT_INJECTION', () => {
  it('reads point=rate pairs and names a bad one', () => {
    expect(parseFaultRates('push.crash_after_claim=0.2, trigger.duplicate=1')).toEqual({
      'push.crash_after_claim': 0.2,
      'trigger.duplicate': 1,
    });
    expect(parseFaultRates('')).toEqual({});
    expect(() => parseFaultRates('push.crash=0.2')).toThrow(/unknown point "push.crash"/);
    expect(() => parseFaultRates('trigger.duplicate=2')).toThrow(/trigger.duplicate=<rate from 0 to 1>/);
    expect(() => parseFaultRates('trigger.duplicate')).toThrow(/rate from 0 to 1/);
    expect(FAULT_POINTS).toEqual([
      'trigger.crash_before',
      'push.crash_after_claim',
      'push.crash_after_send',
      'trigger.duplicate',
      'callable.commit_lost',
      'firestore.unavailable',
    ]);
  });

  it('strikes at its rate', () => {
    expect(faultStrikes(0.2, 0.1)).toBe(true);
    expect(faultStrikes(0.2, 0.2)).toBe(false);
    expect(faultStrikes(0, 0)).toBe(false);
    expect(faultStrikes(undefined, 0)).toBe(false);
    expect(faultStrikes(1, 0.999)).toBe(true);
  });
});

describe('a failed trigger event', () => {
  it('is retried after a passing fault, and acknowledged after one a retry cannot fix', () => {
    expect(isRetryableEventError(Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }))).toBe(true);
    expect(isRetryableEventError(Object.assign(new Error('10 ABORTED'), { code: 10 }))).toBe(true);
    expect(isRetryableEventError(new Error('instance recycled'))).toBe(true);
    expect(isRetryableEventError(Object.assign(new Error('5 NOT_FOUND'), { code: 5 }))).toBe(false);
    expect(isRetryableEventError(new TypeError("Cannot read properties of undefined (reading 'toMillis')"))).toBe(false);
    const malformed = new Error('invalid document');
    malformed.name = 'ZodError';
    expect(isRetryableEventError(malformed)).toBe(false);
    expect(isRetryableEventError(new BeckonError('failed-precondition', 'the call is over'))).toBe(false);
  });
});

describe('the pushes held back behind a ring', () => {
  it('keep the push they hold, whichever worker sends it', () => {
    expect(statusPushOf({ kind: 'call_cancelled', reason: 'declined' })).toEqual({ kind: 'call_cancelled', reason: 'declined' });
    expect(statusPushOf({ kind: 'missed_call', reason: 'busy' })).toEqual({ kind: 'missed_call', reason: 'busy' });
    expect(statusPushOf({ kind: 'missed_call', reason: 'cancelled' })).toEqual({ kind: 'missed_call', reason: 'cancelled' });
    expect(statusPushOf({ kind: 'missed_call', reason: 'missed' })).toEqual({ kind: 'missed_call', reason: 'missed' });
  });

  it('that can no longer matter are recorded expired, never sent late', () => {
    const invitation = { status: 'cancelled', expiresAt: NOW } as Invitation;
    expect(stopRingingPlan('cancelled').skip?.(invitation, NOW + 1_000)).toBeUndefined();
    expect(stopRingingPlan('cancelled').skip?.(invitation, NOW + STOP_RINGING_GRACE_MS + 1)).toMatchObject({ state: 'expired' });
    const ringing = { status: 'ringing', expiresAt: NOW } as Invitation;
    expect(callInvitationPlan.skip?.(ringing, NOW + 1)).toMatchObject({ state: 'expired' });
  });
});
