import { BeckonError } from './beckon-error.js';

/**
 * gRPC status codes of Firestore errors worth another try: the service was busy or unreachable,
 * or a transaction lost a race. Everything else (a document that is not there, a bad argument,
 * a refusal) fails the same way every time.
 */
const TRANSIENT_GRPC_CODES = new Set([
  1, // CANCELLED
  2, // UNKNOWN
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  10, // ABORTED
  13, // INTERNAL
  14, // UNAVAILABLE
]);

/** Whether a background job (the expiry task) should be retried after this error. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof BeckonError) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? TRANSIENT_GRPC_CODES.has(code) : true;
}

/** The callable error code a client should see for a transient database failure, if it is one. */
const CLIENT_CODES: ReadonlyMap<number, 'aborted' | 'unavailable' | 'deadline-exceeded'> = new Map([
  [10, 'aborted'],
  [14, 'unavailable'],
  [4, 'deadline-exceeded'],
]);

/**
 * A transaction that kept losing to concurrent ones (or a database that did not answer) is not a
 * bug: the client is told to try again with a retryable code rather than a bare `internal`.
 * Every action it could retry is idempotent.
 */
export function transientClientCode(error: unknown): 'aborted' | 'unavailable' | 'deadline-exceeded' | undefined {
  if (error instanceof BeckonError) return undefined;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? CLIENT_CODES.get(code) : undefined;
}

/**
 * A refusal by a service Beckon calls that another try would meet again (a media server that
 * answered 401 for a wrong key, 400 for a bad request): logged and acknowledged, not retried.
 */
export class RefusedByService extends Error {
  override readonly name = 'RefusedByService';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Errors of Beckon's own code or data: the same event fails the same way every time. */
const PERMANENT_ERROR_NAMES = new Set(['ZodError', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError']);

/**
 * Whether a failed trigger event is worth delivering again. A Firestore fault that passes (busy,
 * unavailable, a lost race) and anything unknown (an instance recycled, a fault injected) are; a
 * refusal, a document that does not parse, or a bug in the handler fails the same way each time.
 */
export function isRetryableEventError(error: unknown): boolean {
  if (error instanceof BeckonError || error instanceof RefusedByService) return false;
  if (error instanceof Error && PERMANENT_ERROR_NAMES.has(error.name)) return false;
  return isRetryableError(error);
}
