import { FieldValue, Firestore, Query, Transaction, WriteBatch } from 'firebase-admin/firestore';

/**
 * Bench mode only (COUNT_FIRESTORE_OPS=true): counts the document reads and writes this function
 * process makes, as Firestore bills them (a query reads max(1, documents returned)), and adds
 * them to `benchOps/{function}` shortly after each burst of work. Never installed otherwise.
 */
export function installOpCounter(db: Firestore, functionName: string): void {
  let reads = 0;
  let writes = 0;
  let timer: NodeJS.Timeout | undefined;

  // True only while the flush's own write is being queued (synchronously), so it is not counted.
  let flushing = false;
  const flushSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (reads === 0 && writes === 0) return;
      const delta = { reads: FieldValue.increment(reads), writes: FieldValue.increment(writes) };
      reads = 0;
      writes = 0;
      flushing = true;
      const written = db.collection('benchOps').doc(functionName).set(delta, { merge: true });
      flushing = false;
      void written.catch(() => undefined);
    }, 100);
  };
  const countReads = (n: number) => {
    reads += n;
    flushSoon();
  };
  const countWrite = () => {
    if (flushing) return;
    writes += 1;
    flushSoon();
  };

  type AnyFn = (...args: unknown[]) => unknown;
  const wrap = (proto: object, method: string, count: (result: unknown, args: unknown[]) => void) => {
    const original = (proto as Record<string, AnyFn>)[method] as AnyFn;
    (proto as Record<string, AnyFn>)[method] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (result instanceof Promise) return result.then((value) => (count(value, args), value));
      count(result, args);
      return result;
    };
  };
  const readsOf = (value: unknown) => {
    const docs = (value as { docs?: unknown[] }).docs;
    return Array.isArray(docs) ? Math.max(1, docs.length) : 1;
  };

  wrap(Transaction.prototype, 'get', (value) => countReads(readsOf(value)));
  wrap(Transaction.prototype, 'getAll', (value) => countReads((value as unknown[]).length));
  // DocumentReference.get reads through Firestore.getAll, so it is counted there, once.
  wrap(Firestore.prototype, 'getAll', (value) => countReads((value as unknown[]).length));
  wrap(Query.prototype, 'get', (value) => countReads(readsOf(value)));
  // Transaction and DocumentReference writes both go through a WriteBatch internally: counted there, once.
  for (const method of ['create', 'set', 'update', 'delete']) wrap(WriteBatch.prototype, method, () => countWrite());
}
