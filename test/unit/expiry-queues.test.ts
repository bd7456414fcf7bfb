import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPIRY_QUEUES, expiryFunctionName, expiryQueueOf } from '../../functions/src/domain/call/expiry-queues.js';

// The task-queue functions are written out by hand, one export per queue: this holds them to
// EXPIRY_QUEUES, so a queue added to the count without its function (or the other way) fails here,
// not on a deployed project whose tasks go to a function that does not exist.

const exportsOf = (path: string) => [...readFileSync(path, 'utf8').matchAll(/\bexpireCallInvitation\d*\b/g)].map((m) => m[0]);

describe('the expiry queues', () => {
  const names = Array.from({ length: EXPIRY_QUEUES }, (_, queue) => expiryFunctionName(queue));

  it('have one task-queue function each, defined and exported from the entry point', () => {
    const defined = new Set(
      [...readFileSync('functions/src/tasks/expireCallInvitation.ts', 'utf8').matchAll(/export const (expireCallInvitation\d*)\b/g)].map(
        (m) => m[1],
      ),
    );
    expect([...defined].sort()).toEqual([...names].sort());
    expect(new Set(exportsOf('functions/src/index.ts'))).toEqual(new Set(names));
  });

  it('share the invitations out over every queue', () => {
    const used = new Set(Array.from({ length: 400 }, (_, i) => expiryQueueOf(`invitation-${i}`)));
    expect([...used].sort()).toEqual(Array.from({ length: EXPIRY_QUEUES }, (_, queue) => queue));
  });
});
