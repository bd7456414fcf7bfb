import { describe, expect, it } from 'vitest';
import { isDeletedAccount } from '../../functions/src/domain/users/deleted-account.js';
import { decideRequest, limitedCallables } from '../../functions/src/domain/users/request-limit.js';
import { admitReceipt } from '../../functions/src/domain/push/receipt-admission.js';

const NOW = 1_800_000_000_000;

describe('per-user request limits', () => {
  it('cover the callables a signed-in user can repeat at will (issue 29)', () => {
    expect([...limitedCallables].sort()).toEqual(
      ['acknowledgeCallInvitation', 'endCall', 'getMediaCredentials', 'joinCall', 'registerDevice', 'respondToCallInvitation'].sort(),
    );
  });

  it('count each callable on its own in a one-minute window, and refuse past the limit until it ends', () => {
    const first = decideRequest(undefined, 'joinCall', 2, NOW);
    expect(first).toEqual({ allowed: true, sameWindow: false, next: { windowStart: NOW, counts: { joinCall: 1 } } });
    const window = { windowStart: NOW, counts: { joinCall: 2 } };
    expect(decideRequest(window, 'joinCall', 2, NOW + 45_500)).toEqual({ allowed: false, retryAfterSeconds: 15, perMinute: 2 });
    expect(decideRequest(window, 'endCall', 2, NOW + 1_000)).toMatchObject({
      allowed: true,
      sameWindow: true,
      next: { counts: { joinCall: 2, endCall: 1 } },
    });
    // A new window starts the counts again.
    expect(decideRequest(window, 'joinCall', 2, NOW + 60_000)).toEqual({
      allowed: true,
      sameWindow: false,
      next: { windowStart: NOW + 60_000, counts: { joinCall: 1 } },
    });
    // A window from the future (a clock that jumped back) is not trusted.
    expect(decideRequest({ windowStart: NOW + 30_000, counts: { joinCall: 2 } }, 'joinCall', 2, NOW)).toMatchObject({ allowed: true });
  });
});

describe('a deleted account', () => {
  it('refuses a token signed in before the deletion, or one that does not say when; lets in a sign-in after it', () => {
    expect(isDeletedAccount(undefined, NOW)).toBe(false);
    expect(isDeletedAccount(NOW, NOW - 1)).toBe(true);
    expect(isDeletedAccount(NOW, NOW)).toBe(true);
    expect(isDeletedAccount(NOW, undefined)).toBe(true);
    expect(isDeletedAccount(NOW, NOW + 1_000)).toBe(false);
  });
});

describe('a delivery receipt', () => {
  const facts = { deviceId: 'phone', rungDeviceIds: undefined, deviceCreatedAtMs: NOW - 1_000, invitationCreatedAtMs: NOW };
  it('comes only from a device the ring was sent to: named by its record, or registered before the call while it names none', () => {
    expect(admitReceipt(facts)).toBe('ok');
    expect(admitReceipt({ ...facts, deviceCreatedAtMs: NOW + 1 })).toBe('not_rung');
    expect(admitReceipt({ ...facts, deviceCreatedAtMs: undefined })).toBe('no_such_device');
    expect(admitReceipt({ ...facts, rungDeviceIds: ['phone'], deviceCreatedAtMs: NOW + 1 })).toBe('ok');
    expect(admitReceipt({ ...facts, rungDeviceIds: ['tablet'] })).toBe('not_rung');
  });
});
