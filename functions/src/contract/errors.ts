import type { CallStatus } from './calls.js';
import type { InvitationStatus } from './invitations.js';

/**
 * Every code an app can meet when it calls Beckon: the refusals Beckon answers with, and what the
 * firebase SDK reports for a request that got no answer (`internal` and `unavailable` among them).
 */
export const errorCodes = [
  'invalid-argument',
  'not-found',
  'permission-denied',
  'failed-precondition',
  'already-exists',
  'resource-exhausted',
  'unauthenticated',
  'unavailable',
  'deadline-exceeded',
  'aborted',
  'cancelled',
  'internal',
  'unknown',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One field a request got wrong, as `invalid-argument` lists them. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A refusal's `details`, by its code, as docs/callables.md documents them. */
export interface ErrorDetailsByCode {
  /** `issues`: each bad field of a malformed request; `field`: the one field a rule refused. */
  'invalid-argument': { issues?: FieldIssue[]; field?: string } | undefined;
  'not-found': { field?: string } | undefined;
  'permission-denied': { field?: string } | undefined;
  /** `status`: the call or invitation is in another state; `activeInvitationId`: you, or they, are in another call. */
  'failed-precondition': { status?: InvitationStatus | CallStatus; activeInvitationId?: string } | undefined;
  'already-exists': { field?: string } | undefined;
  /** When the caller may place a call again. */
  'resource-exhausted': { retryAfterSeconds: number };
  unauthenticated: undefined;
  unavailable: undefined;
  'deadline-exceeded': undefined;
  aborted: undefined;
  cancelled: undefined;
  internal: undefined;
  unknown: unknown;
}
export type ErrorDetails<Code extends ErrorCode> = ErrorDetailsByCode[Code];
