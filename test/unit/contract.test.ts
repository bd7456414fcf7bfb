import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idSchema, registerDeviceRequestSchema, sendCallInvitationRequestSchema } from '../../functions/src/contract/index.js';

describe('idSchema', () => {
  it.each(['abc', 'x'.repeat(128), 'uid with spaces', 'Ünïcødé'])('accepts %s', (id) => {
    expect(idSchema.safeParse(id).success).toBe(true);
  });
  it.each(['', '   ', 'a/b', '.', '..', '__id__', 'x'.repeat(129)])('refuses %j', (id) => {
    expect(idSchema.safeParse(id).success).toBe(false);
  });
});

describe('request schemas', () => {
  it('defaults callType to video', () => {
    expect(sendCallInvitationRequestSchema.parse({ calleeId: 'bob' })).toEqual({ calleeId: 'bob', callType: 'video' });
  });
  it('accepts the locales devices report', () => {
    for (const locale of ['en', 'en-US', 'zh_CN', 'zh-Hans-CN']) {
      expect(registerDeviceRequestSchema.safeParse({ deviceId: 'd', platform: 'ios', fcmToken: 't', locale }).success).toBe(true);
    }
  });
});

/**
 * The emulator does not enforce composite indexes, production does: every query the README tells
 * clients to run, and every one the functions run, must have its index declared.
 */
describe('firestore.indexes.json', () => {
  const indexes = JSON.parse(readFileSync('firestore.indexes.json', 'utf8')) as {
    indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] }[];
    fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: { queryScope: string }[] }[];
  };
  const has = (collectionGroup: string, fields: string[]) =>
    indexes.indexes.some(
      (index) =>
        index.collectionGroup === collectionGroup &&
        index.queryScope === 'COLLECTION' &&
        JSON.stringify(index.fields.map((field) => field.fieldPath)) === JSON.stringify(fields),
    );

  it('declares the incoming-calls query: calleeId ==, status ==, orderBy createdAt', () => {
    expect(has('callInvitations', ['calleeId', 'status', 'createdAt'])).toBe(true);
  });
  it("declares the caller's outgoing-calls query: callerId ==, status ==, orderBy createdAt", () => {
    expect(has('callInvitations', ['callerId', 'status', 'createdAt'])).toBe(true);
  });
  it('declares the ring-timeout sweep, one range per shard: sweepShard ==, status ==, expiresAt <, orderBy expiresAt', () => {
    expect(has('callInvitations', ['sweepShard', 'status', 'expiresAt'])).toBe(true);
  });
  it("declares the group listener's query: calls where memberIds array-contains, status in, orderBy createdAt desc", () => {
    expect(has('calls', ['memberIds', 'status', 'createdAt'])).toBe(true);
  });
  it('enables the collection-group index registerDevice needs to find a token across users, by its hash', () => {
    const override = indexes.fieldOverrides.find((o) => o.collectionGroup === 'devices' && o.fieldPath === 'fcmTokenHash');
    expect(override?.indexes.map((index) => index.queryScope)).toContain('COLLECTION_GROUP');
    // The token itself is not indexed: tokens may be longer than the 1,500 bytes an indexed value may have.
    const token = indexes.fieldOverrides.find((o) => o.collectionGroup === 'devices' && o.fieldPath === 'fcmToken');
    expect(token?.indexes).toEqual([]);
  });
});
