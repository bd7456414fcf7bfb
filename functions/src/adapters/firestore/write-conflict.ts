/** Firestore's gRPC code for a `create()` whose document already exists. */
const ALREADY_EXISTS = 6;

/** Whether a write failed because a document it creates exists: a precondition doing a lock's work. */
export const isCreateConflict = (error: unknown): boolean => (error as { code?: unknown } | undefined)?.code === ALREADY_EXISTS;
