import { type Functions, httpsCallable } from 'firebase/functions';
import type { CallableName, RequestOf, ResponseOf } from './contract.js';
import { type BeckonError, asBeckonError, isRetryable } from './errors.js';

/**
 * Calls a Beckon callable by its name, typed by the contract's map of callables: a misspelt name
 * or field does not compile, and the answer has the callable's response type.
 */
export type Invoke = <Name extends CallableName>(
  name: Name,
  data: RequestOf<Name>,
  options?: { retry?: boolean },
) => Promise<ResponseOf<Name>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls a Beckon callable and answers its data, or throws BeckonError. A request that met a
 * server or network failure (`unavailable`, `deadline-exceeded`, `aborted`, or no answer at all)
 * is sent again, the same, up to `attempts` times in all with a growing wait, unless `retry` is
 * false: every callable is safe to repeat (sendCallInvitation by its requestId, the rest by design),
 * and an answer lost after the server committed is answered again, the same, by the retry.
 */
export function invoker(functions: Functions, attempts: number): Invoke {
  return async <Name extends CallableName>(name: Name, data: RequestOf<Name>, options: { retry?: boolean } = {}) => {
    const callable = httpsCallable<unknown, ResponseOf<Name>>(functions, name);
    // The SDK sends an undefined field as null, which the server refuses: an option left
    // undefined (`{ callType: maybe }`) is simply not sent.
    const request = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
    for (let attempt = 1; ; attempt++) {
      try {
        return (await callable(request)).data;
      } catch (error) {
        const failure: BeckonError = asBeckonError(error);
        if (options.retry === false || attempt >= attempts || !isRetryable(failure)) throw failure;
        await sleep(250 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      }
    }
  };
}
