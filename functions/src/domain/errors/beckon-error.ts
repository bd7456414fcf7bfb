/** The subset of HttpsError codes the domain decides on; the callable wrapper maps them 1:1. */
export type BeckonErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'permission-denied'
  | 'failed-precondition'
  | 'already-exists'
  | 'resource-exhausted'
  /** A deleted account's token, still within its hour. */
  | 'unauthenticated';

/** A refusal meant for the client, with a message safe to show. Anything else is `internal`. */
export class BeckonError extends Error {
  constructor(
    readonly code: BeckonErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BeckonError';
  }
}
