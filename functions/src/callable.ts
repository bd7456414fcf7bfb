import { type CallableRequest, HttpsError, onCall } from 'firebase-functions/https';
import type { SecretParam } from 'firebase-functions/params';
import type { z } from 'zod';
import { BeckonError } from './domain/errors/beckon-error.js';
import type { CallerContext } from './domain/users/caller-context.js';
import { REGION, requireAppCheck } from './config.js';
import { lazy } from './lazy.js';
import { notPlainJsonAt } from './domain/errors/plain-json.js';
import { transientClientCode } from './domain/errors/retryable-error.js';
import { logFailure, logWarning } from './logs.js';
import { faultStrikesAt } from './faults/fault-injection.js';
import type { RequestToAdmit } from './handlers/admit-request.js';

export type { CallerContext } from './domain/users/caller-context.js';

/** What a callable needs at its first request: its request schema and what it does. */
export interface CallableImplementation<Schema extends z.ZodType, Result> {
  schema: Schema;
  handle(data: z.output<Schema>, caller: CallerContext): Promise<Result>;
}

/** The admission of a request, with the services it reads: loaded on the first request, as the implementation is. */
async function loadAdmission() {
  const [{ admitRequest }, { services }] = await Promise.all([import('./handlers/admit-request.js'), import('./services.js')]);
  return (request: RequestToAdmit) => admitRequest(services(), request);
}

/**
 * Every callable goes through here: it requires a signed-in user, parses `request.data` with the
 * function's schema (naming the bad field), and answers unexpected failures with a bare
 * `internal` after logging the stack, so no internals reach a client.
 *
 * The implementation is loaded on the first request, not when the module loads: a cold start then
 * pays for firebase-admin, Firestore and zod only in the function that serves the request.
 * `secrets`: the Secret Manager secrets the function reads (the media providers').
 */
export function callable<Schema extends z.ZodType, Result>(
  name: string,
  load: () => Promise<CallableImplementation<Schema, Result>>,
  options: { secrets?: SecretParam[] } = {},
) {
  // A failed load (a transient error importing) is not cached: the next request tries again.
  const implementation = lazy(load);
  const admission = lazy(loadAdmission);
  // App Check is enforced here, at run time, rather than by onCall's `enforceAppCheck`: given a
  // param, firebase-functions reads its value while the functions load, and warns about it once
  // per function at every start. The token is verified by onCall either way; an invalid or
  // missing one leaves `request.app` unset, and is answered as onCall would answer it.
  return onCall({ region: REGION, ...options }, async (request: CallableRequest<unknown>): Promise<Result> => {
    if (!request.app && requireAppCheck.value()) throw new HttpsError('unauthenticated', `${name}: an App Check token is required`);
    if (!request.auth) throw new HttpsError('unauthenticated', `${name}: sign in first`);
    const uid = request.auth.uid;
    const authTime = request.auth.token.auth_time;
    // First, whatever the request holds: a token of a deleted account is refused. The same round
    // of reads fetches the user's request window, counted once the request is known to be valid.
    const admitted = await admission()
      .then((admit) => admit({ callable: name, uid, authTimeMs: typeof authTime === 'number' ? authTime * 1000 : undefined }))
      .catch((error: unknown) => failed(name, uid, error));
    const invalid = (issues: { field: string; message: string }[]) => {
      logWarning('request.rejected', { function: name, uid, issues });
      const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
      return new HttpsError('invalid-argument', `${name}: ${summary}`, { issues });
    };
    // Before the schema reads it: fields a `__proto__` key smuggled in would be read as the request's own.
    const trick = notPlainJsonAt(request.data);
    if (trick) {
      throw invalid([
        { field: trick, message: 'must be plain JSON data (no __proto__, constructor or prototype keys, not nested so deep)' },
      ]);
    }
    const { schema, handle } = await implementation();
    const parsed = schema.safeParse(request.data ?? {});
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(request)', message: issue.message })),
      );
    }
    const tokenName = request.auth.token.name;
    const caller: CallerContext = {
      uid,
      ...(typeof tokenName === 'string' && tokenName ? { name: tokenName } : {}),
      ...(request.auth.token.beckonOperator === true ? { operator: true } : {}),
    };
    try {
      // A callable a user can repeat at will is counted (refused past its limit), the count's
      // write going on beside the work (handlers/admit-request.ts).
      const counted = admitted.count();
      const [answer] = await Promise.all([handle(parsed.data, caller), counted]);
      // On the emulators only: the writes committed, and the answer is lost on its way back.
      if (await faultStrikesAt('callable.commit_lost', { function: name, uid })) {
        throw new HttpsError('unavailable', `${name}: the answer was lost on its way (fault injected: callable.commit_lost)`);
      }
      return answer;
    } catch (error) {
      return failed(name, uid, error);
    }
  });
}

/** A request that failed, as its client is told: a refusal with its code, a passing failure as such, anything else a bare `internal`. */
function failed(name: string, uid: string, error: unknown): never {
  if (error instanceof BeckonError) {
    logWarning('request.rejected', { function: name, uid, code: error.code, reason: error.message });
    throw new HttpsError(error.code, `${name}: ${error.message}`, error.details);
  }
  if (error instanceof HttpsError) throw error;
  const transient = transientClientCode(error);
  if (transient) {
    logWarning('request.retryable', { function: name, uid, code: transient, reason: String(error) });
    throw new HttpsError(transient, `${name}: the database was busy; try again`);
  }
  logFailure('request.failed', error, { function: name, uid });
  throw new HttpsError('internal', `${name} failed; the error is logged on the server`);
}
