import type { Collections } from '../adapters/firestore/collections.js';
import { countRequest, requestWindow } from '../adapters/firestore/request-limit-doc.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { isDeletedAccount } from '../domain/users/deleted-account.js';
import { type LimitedCallable, decideRequest, limitedCallables } from '../domain/users/request-limit.js';

export interface AdmitRequestDeps {
  store: Collections;
  /** Each limited callable's requests a minute per user (params). */
  requestLimits(): Record<LimitedCallable, number>;
  now(): number;
}

export interface RequestToAdmit {
  callable: string;
  uid: string;
  /** epoch ms: when the token's user signed in (`auth_time`). */
  authTimeMs: number | undefined;
}

const isLimited = (name: string): name is LimitedCallable => (limitedCallables as readonly string[]).includes(name);

/**
 * An admitted request: `count()` throws at once past the limit (before any work starts), or counts
 * it in its window and resolves when that is written.
 */
export interface Admitted {
  count(): Promise<void>;
}

/**
 * Before any callable's work, one round of reads: a token of a deleted account is refused
 * (`unauthenticated`), whatever the request holds. For a callable the user can repeat at will, the
 * same round reads their request window; `count()`, called once the request is valid, refuses it
 * past its limit (`resource-exhausted`, `details.retryAfterSeconds`) with nothing written, or
 * counts it with a blind write that goes on beside the work.
 */
export async function admitRequest(deps: AdmitRequestDeps, request: RequestToAdmit): Promise<Admitted> {
  const { store } = deps;
  const { callable, uid } = request;
  const limited = isLimited(callable) ? callable : undefined;
  const [tombstone, window] = await Promise.all([store.deletedUser(uid).get(), limited ? store.requestLimit(uid).get() : undefined]);
  const deletedAt = tombstone.data()?.deletedAt.toMillis();
  // The wrapper logs either refusal (request.rejected, with its code).
  if (isDeletedAccount(deletedAt, request.authTimeMs)) throw new BeckonError('unauthenticated', 'this account was deleted');
  if (!limited) return { count: () => Promise.resolve() };
  return {
    count() {
      const perMinute = deps.requestLimits()[limited];
      const decision = decideRequest(requestWindow(window?.data()), limited, perMinute, deps.now());
      if (!decision.allowed) {
        const { retryAfterSeconds } = decision;
        const reason = `at most ${perMinute} requests a minute; try again in ${retryAfterSeconds} s`;
        throw new BeckonError('resource-exhausted', reason, { retryAfterSeconds });
      }
      return countRequest(store.requestLimit(uid), decision.next, decision.sameWindow, limited);
    },
  };
}
