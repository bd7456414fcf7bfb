/** What a listener was told, in order, and a wait for what a test expects of it. */
export interface Recorder<T> {
  readonly seen: T[];
  push(value: T): void;
  /** Fails every wait, now and later: the listener broke. */
  fail(error: Error): void;
  /** Resolves with the first value, past or future, that satisfies the predicate. */
  waitFor(predicate: (value: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
}

export function recorder<T>(): Recorder<T> {
  const seen: T[] = [];
  const waiters: { predicate: (value: T) => boolean; resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  return {
    seen,
    push(value) {
      seen.push(value);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(value)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(value);
        }
      }
    },
    fail(error) {
      failure = error;
      for (const waiter of waiters.splice(0)) waiter.reject(error);
    },
    waitFor(predicate, what, timeoutMs = 15_000) {
      if (failure) return Promise.reject(failure);
      const found = seen.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
      });
    },
  };
}
