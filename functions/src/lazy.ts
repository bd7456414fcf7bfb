/**
 * A value made on first use and kept, unless making it failed: a failed import or client creation
 * (a transient error loading a module) is not cached, so the next call tries again.
 */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}
