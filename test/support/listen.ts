import { type DocumentReference, type DocumentSnapshot, type Query, type QuerySnapshot, onSnapshot } from 'firebase/firestore';
import { recorder } from './recorder.js';

type Snapshot<T> = T extends Query ? QuerySnapshot : DocumentSnapshot;

export interface Listener<S> {
  /** Every snapshot that came from the server (not from the local cache), in order. */
  readonly snapshots: S[];
  /** Resolves with the first snapshot from the server: only then is the listener really listening. */
  ready: Promise<S>;
  /** Resolves with the first server snapshot, past or future, that satisfies the predicate. */
  waitFor(predicate: (snapshot: S) => boolean, what: string, timeoutMs?: number): Promise<S>;
  stop(): void;
}

/**
 * Listens as an app would. Tests must await `ready` before causing what the listener should
 * see: the Firestore emulator can lose a write for a listen target that is still being set up
 * (see shared TOOLCHAIN.md), which a real app, listening long before a call comes, never hits.
 */
export function listen<T extends Query | DocumentReference>(target: T): Listener<Snapshot<T>> {
  type S = Snapshot<T>;
  const seen = recorder<S>();
  let resolveReady!: (s: S) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<S>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const onNext = (snapshot: S) => {
    if (snapshot.metadata.fromCache) return;
    seen.push(snapshot);
    resolveReady(snapshot);
  };
  const onError = (error: Error) => {
    seen.fail(error);
    rejectReady(error);
  };
  const unsubscribe =
    'type' in target && target.type === 'document'
      ? onSnapshot(target as DocumentReference, { includeMetadataChanges: true }, (s) => onNext(s as S), onError)
      : onSnapshot(target as Query, { includeMetadataChanges: true }, (s) => onNext(s as S), onError);

  return { snapshots: seen.seen, ready, waitFor: seen.waitFor, stop: unsubscribe };
}
