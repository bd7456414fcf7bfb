/** What a Beckon callable answered when it refused: its code (without `functions/`) and `details`. */
export class BeckonError extends Error {
  constructor(
    /** The callable's error code: `invalid-argument`, `not-found`, `permission-denied`, `failed-precondition`, ... */
    readonly code: string,
    message: string,
    /** The callable's `details`: `{ status }` for a call in another state, `{ retryAfterSeconds }`, `{ issues }`... */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BeckonError';
  }
}

/** The firebase SDK's FunctionsError, as Beckon's error. */
export function asBeckonError(error: unknown): BeckonError {
  if (error instanceof BeckonError) return error;
  const { code, message, details } = (error ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const bare = typeof code === 'string' ? code.replace(/^functions\//, '') : 'unknown';
  return new BeckonError(bare, typeof message === 'string' ? message : String(error), details);
}

/**
 * Worth the same request again: the server or the network failed, not the request. The firebase
 * SDK reports a request that never got an answer (offline, connection reset) as `internal`.
 */
export const isRetryable = (error: BeckonError): boolean =>
  error.code === 'unavailable' || error.code === 'deadline-exceeded' || error.code === 'aborted' || error.code === 'internal';
