import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaCredentials } from '../../functions/src/contract/index.js';
import { MEDIA_REFRESH_MARGIN_MS, keepMediaCredentials, refreshDelayMs } from '../../client/src/media-credentials.js';

// The client library's refresh of media credentials: when it asks again, and when it stops. The
// grants come from a function standing in for the callable; the callable itself is tested on the
// emulators (test/integration/media-credentials.test.ts, test/configured/media-p2p.test.ts).

const NOW = 1_800_000_000_000;
const grant = (expiresAt: number): MediaCredentials => ({ provider: 'p2p', room: 'call', identity: 'alice', token: '', expiresAt });

afterEach(() => {
  vi.useRealTimers();
});

describe('media credentials, kept fresh', () => {
  it('asks again a minute before the grant expires, never sooner than 5 s', () => {
    expect(refreshDelayMs(NOW + 600_000, NOW)).toBe(600_000 - MEDIA_REFRESH_MARGIN_MS);
    expect(refreshDelayMs(NOW + 30_000, NOW)).toBe(5_000);
    expect(refreshDelayMs(NOW - 1, NOW)).toBe(5_000);
  });

  it('hands over each grant, asks again before each expires, and stops when refused or stopped', async () => {
    vi.useFakeTimers({ now: NOW });
    const answers: (MediaCredentials | Error)[] = [
      grant(NOW + 600_000),
      grant(NOW + 1_140_000),
      Object.assign(new Error('left'), { code: 'functions/permission-denied' }),
    ];
    const asked: number[] = [];
    const fetch = async () => {
      asked.push(Date.now());
      const answer = answers.shift();
      if (!answer || answer instanceof Error) throw answer ?? new Error('no more');
      return answer;
    };
    const got: number[] = [];
    const errors: string[] = [];
    const stop = keepMediaCredentials(
      fetch,
      () => Date.now(),
      (media) => got.push(media.expiresAt),
      (error) => errors.push(error.code),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual([NOW + 600_000]);
    await vi.advanceTimersByTimeAsync(540_000);
    expect(asked).toEqual([NOW, NOW + 540_000]);
    expect(got).toEqual([NOW + 600_000, NOW + 1_140_000]);
    await vi.advanceTimersByTimeAsync(540_000);
    expect(errors).toEqual(['permission-denied']);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(asked).toHaveLength(3);
    stop();

    const stopped: number[] = [];
    const stopNow = keepMediaCredentials(
      async () => grant(Date.now() + 600_000),
      () => Date.now(),
      (media) => stopped.push(media.expiresAt),
    );
    await vi.advanceTimersByTimeAsync(0);
    stopNow();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(stopped).toHaveLength(1);
  });
});
