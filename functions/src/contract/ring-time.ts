// No imports: config.ts reads these, and every function's cold start loads config.ts (but not zod).

/** How long a call may ring, in seconds: the RING_TIMEOUT_SECONDS param and a call's own `ringSeconds` keep within these. */
export const RING_TIMEOUT_MIN_SECONDS = 5;
export const RING_TIMEOUT_MAX_SECONDS = 180;
