import { describe, expect, it } from 'vitest';
import { knownUsers } from '../../functions/src/adapters/auth/known-users.js';

function setUp(existing: Set<string>, maxEntries = 3) {
  let now = 0;
  const asked: string[] = [];
  const exists = knownUsers(
    async (uid) => {
      asked.push(uid);
      return existing.has(uid);
    },
    { ttlMs: 1_000, maxEntries, now: () => now },
  );
  return { exists, asked, advance: (ms: number) => (now += ms) };
}

describe('knownUsers', () => {
  it('asks Auth once for a user that exists, again after the ttl', async () => {
    const { exists, asked, advance } = setUp(new Set(['bob']));
    expect(await exists('bob')).toBe(true);
    advance(999);
    expect(await exists('bob')).toBe(true);
    expect(asked).toEqual(['bob']);
    advance(1);
    expect(await exists('bob')).toBe(true);
    expect(asked).toEqual(['bob', 'bob']);
  });

  it('never remembers a user who does not exist: they may sign up any moment', async () => {
    const users = new Set<string>();
    const { exists, asked } = setUp(users);
    expect(await exists('carol')).toBe(false);
    users.add('carol');
    expect(await exists('carol')).toBe(true);
    expect(asked).toEqual(['carol', 'carol']);
  });

  it('forgets the oldest user beyond its size', async () => {
    const { exists, asked } = setUp(new Set(['a', 'b', 'c', 'd']), 3);
    for (const uid of ['a', 'b', 'c', 'd']) await exists(uid);
    await exists('d');
    await exists('a');
    expect(asked).toEqual(['a', 'b', 'c', 'd', 'a']);
  });
});
