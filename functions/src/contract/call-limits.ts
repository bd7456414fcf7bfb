// No imports: config.ts reads these, and every function's cold start loads config.ts (but not zod,
// which a function loads at its first request; test/unit/cold-start-imports.test.ts holds to it).

/** At most this many callees in one call: with the caller, nine people, as group calling apps allow. */
export const MAX_CALLEES = 8;

/** How many people a call holds at once, the caller included, unless the operator's MAX_CALL_PARTICIPANTS says otherwise. */
export const DEFAULT_MAX_CALL_PARTICIPANTS = MAX_CALLEES + 1;

/** How long a call may go on, from its first accept, unless the operator set MAX_CALL_MINUTES. */
export const DEFAULT_MAX_CALL_MINUTES = 240;
