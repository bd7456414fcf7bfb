import { type ErrorCode, type ErrorDetails, errorCodes } from './contract.js';

class BeckonErrorClass extends Error {
  constructor(
    /** The callable's error code (without the SDK's `functions/` prefix). */
    readonly code: ErrorCode,
    message: string,
    /** The callable's `details`, typed by `code`: `{ retryAfterSeconds }`, `{ issues }`, `{ status }`... */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BeckonError';
  }
}

/**
 * What a Beckon callable answered when it refused, or what the SDK said when no answer came. Its
 * type is a union by `code`, so that checking the code types the details:
 * `if (error.code === 'resource-exhausted') wait(error.details.retryAfterSeconds)`.
 */
export type BeckonError = {
  [Code in ErrorCode]: BeckonErrorClass & { readonly code: Code; readonly details: ErrorDetails<Code> };
}[ErrorCode];

interface BeckonErrorConstructor {
  new <Code extends ErrorCode>(code: Code, message: string, details?: ErrorDetails<Code>): Extract<BeckonError, { code: Code }>;
  /** The union, so that `error instanceof BeckonError` narrows to it. */
  readonly prototype: BeckonError;
}

export const BeckonError = BeckonErrorClass as unknown as BeckonErrorConstructor;

const isErrorCode = (code: string): code is ErrorCode => (errorCodes as readonly string[]).includes(code);

/** The firebase SDK's FunctionsError (or anything else thrown), as Beckon's error. */
export function asBeckonError(error: unknown): BeckonError {
  if (error instanceof BeckonError) return error;
  const { code, message, details } = (error ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const bare = typeof code === 'string' ? code.replace(/^functions\//, '') : 'unknown';
  const text = typeof message === 'string' ? message : String(error);
  return new BeckonErrorClass(isErrorCode(bare) ? bare : 'unknown', text, details) as BeckonError;
}

/** An error callback that gets every error as a BeckonError (a listener's FirestoreError included). */
export const reportedAsBeckonError = (onError?: (error: BeckonError) => void) =>
  onError && ((error: Error) => onError(asBeckonError(error)));

/**
 * Worth the same request again: the server or the network failed, not the request. The firebase
 * SDK reports a request that never got an answer (offline, connection reset) as `internal`.
 */
export const isRetryable = (error: BeckonError): boolean =>
  error.code === 'unavailable' || error.code === 'deadline-exceeded' || error.code === 'aborted' || error.code === 'internal';
