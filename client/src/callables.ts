import { type Functions, httpsCallable } from 'firebase/functions';
import { type BeckonError, asBeckonError, isRetryable } from './errors.js';

export type Invoke = <Result>(name: string, data: unknown, options?: { retry?: boolean }) => Promise<Result>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls a Beckon callable and answers its data, or throws BeckonError. With `retry`, a request
 * that met a server or network failure is sent again, the same, up to `attempts` times in all
 * with a growing wait: only for requests that are safe to repeat (a requestId, or an idempotent action).
 */
export function invoker(functions: Functions, attempts: number): Invoke {
  return async <Result>(name: string, data: unknown, options: { retry?: boolean } = {}) => {
    const callable = httpsCallable<unknown, Result>(functions, name);
    // The SDK sends an undefined field as null, which the server refuses: an option left
    // undefined (`{ callType: maybe }`) is simply not sent.
    const request = data && typeof data === 'object' ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) : data;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await callable(request)).data;
      } catch (error) {
        const failure: BeckonError = asBeckonError(error);
        if (!options.retry || attempt >= attempts || !isRetryable(failure)) throw failure;
        await sleep(250 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      }
    }
  };
}
