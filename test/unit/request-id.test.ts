import { afterEach, describe, expect, it, vi } from 'vitest';
import { newRequestId } from '../../client/src/request-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the client's request ids", () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ['crypto.randomUUID (browsers, Node)', () => undefined],
    [
      'crypto.getRandomValues only',
      () => vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) }),
    ],
    ['no crypto at all (React Native without a polyfill)', () => vi.stubGlobal('crypto', undefined)],
  ])('are version 4 UUIDs, each new, with %s', (_, platform) => {
    platform();
    const ids = Array.from({ length: 1000 }, newRequestId);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(1000);
  });
});
