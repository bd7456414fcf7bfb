import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import { type FaultPoint, type FaultRates, faultStrikes, parseFaultRates } from './fault-points.js';
import { paths } from '../adapters/firestore/paths.js';
import { logWarning } from '../logs.js';

// Faults on demand, on the emulators only. FAULT_INJECTION is read here, the one place besides
// the push transport's choice that reads the environment: it is a switch of the emulator run, not
// a setting a deployment may have. While it is set, tests may change the rates at run time by
// writing `emulatorControls/faultInjection` (docs/operating.md#faults-on-demand).

/** Thrown where a fault is injected. `code` 14 (UNAVAILABLE) for a Firestore fault, as the SDK throws it. */
export class InjectedFault extends Error {
  readonly code?: number;
  constructor(
    readonly point: FaultPoint,
    code?: number,
  ) {
    super(`${code === 14 ? '14 UNAVAILABLE: ' : ''}fault injected at ${point} (FAULT_INJECTION)`);
    this.name = 'InjectedFault';
    if (code !== undefined) this.code = code;
  }
}

const spec = process.env.FAULT_INJECTION;
const onEmulator = process.env.FUNCTIONS_EMULATOR === 'true';

/** The rates FAULT_INJECTION set when the functions loaded; undefined when it is not set. */
const bootRates: FaultRates | undefined = spec === undefined || spec.trim() === '' ? undefined : parseFaultRates(spec);

/**
 * Called when the functions load: a deployment with FAULT_INJECTION set would fail its own users
 * on purpose, so it refuses to load at all.
 */
export function refuseFaultInjectionOutsideEmulator(): void {
  if (bootRates !== undefined && !onEmulator) {
    throw new Error(
      'FAULT_INJECTION is set, but these functions are not running on the Firebase emulators: ' +
        'faults are injected on the emulators only. Remove FAULT_INJECTION from the environment and functions/.env* files.',
    );
  }
}

export const faultInjectionArmed = (): boolean => bootRates !== undefined && onEmulator;

/** `emulatorControls/faultInjection`: rates that replace the boot's, and how many of each may still strike. */
interface FaultControl {
  rates?: FaultRates;
  /** At most this many faults at a point, counted in `struck` (a test's "fail the first try only"). */
  limits?: FaultRates;
  struck?: Partial<Record<FaultPoint, number>>;
  /** A point strikes only work naming one of these ids (a uid, an invitation id): tests that run at once keep to their own calls. */
  only?: Partial<Record<FaultPoint, string[]>>;
}

/** How long a process keeps the control document it read: a test waits this long after changing it. */
export const FAULT_CONTROL_CACHE_MS = 500;

let db: Firestore | undefined;
let cached: { at: number; control: FaultControl | undefined } | undefined;

/** Given the database by services(), once; nothing happens here unless FAULT_INJECTION is set. */
export function attachFaultControl(database: Firestore): void {
  db = database;
}

const controlRef = (database: Firestore) => database.doc(paths.faultInjectionControl) as DocumentReference<FaultControl>;

async function currentControl(): Promise<FaultControl | undefined> {
  if (!db) return undefined;
  const now = Date.now();
  if (cached && now - cached.at < FAULT_CONTROL_CACHE_MS) return cached.control;
  const control = (await controlRef(db).get()).data();
  cached = { at: now, control };
  return control;
}

/**
 * Whether a fault strikes at `point` now. Each strike is logged (`fault.injected`) and, on the
 * emulators' Firestore, recorded in `emulatorFaults` with the ids, so tests can tell which call met which fault.
 */
export async function faultStrikesAt(point: FaultPoint, ids: Record<string, unknown> = {}): Promise<boolean> {
  if (!faultInjectionArmed() || !db) return false;
  const control = await currentControl();
  const rates = control?.rates ?? bootRates;
  const only = control?.only?.[point];
  if (only && !Object.values(ids).some((id) => typeof id === 'string' && only.includes(id))) return false;
  if (!faultStrikes(rates?.[point], Math.random())) return false;
  const limit = control?.limits?.[point];
  const database = db;
  const record = { point, ...ids, at: new Date() };
  // Without a limit, nothing is counted: a plain write, so that many strikes at once contend for nothing.
  const struck =
    limit === undefined
      ? await database
          .collection(paths.emulatorFaults)
          .add(record)
          .then(() => true)
      : await database.runTransaction(async (tx) => {
          const now = (await tx.get(controlRef(database))).data();
          const count = now?.struck?.[point] ?? 0;
          if (count >= limit) return false;
          tx.set(controlRef(database), { struck: { [point]: count + 1 } }, { merge: true });
          tx.create(database.collection(paths.emulatorFaults).doc(), record);
          return true;
        });
  if (struck) logWarning('fault.injected', { point, ...ids });
  return struck;
}

/** Throws InjectedFault when a fault strikes at `point`. */
export async function injectFault(point: FaultPoint, ids: Record<string, unknown> = {}): Promise<void> {
  if (await faultStrikesAt(point, ids)) throw new InjectedFault(point, point === 'firestore.unavailable' ? 14 : undefined);
}
