import type { DocumentData } from 'firebase-admin/firestore';
import { FAULT_CONTROL_CACHE_MS } from '../../functions/src/faults/fault-injection.js';
import type { FaultRates } from '../../functions/src/faults/fault-points.js';
import { paths } from '../../functions/src/adapters/firestore/paths.js';
import { adminDb } from './admin.js';

/**
 * Sets the fault rates of the emulator run (FAULT_INJECTION must be set for it: `npm test`'s main
 * boot sets it, at rate 0), each limited to `limits` strikes, then waits out the functions' cache
 * of the control document, so the next request sees them.
 */
export async function injectFaults(
  rates: FaultRates,
  limits: FaultRates = {},
  only: Partial<Record<string, string[]>> = {},
): Promise<void> {
  await adminDb().doc(paths.faultInjectionControl).set({ rates, limits, only, struck: {} });
  await new Promise((resolve) => setTimeout(resolve, FAULT_CONTROL_CACHE_MS + 100));
}

/** Back to no faults at all (within FAULT_CONTROL_CACHE_MS: the next injectFaults waits that out). */
export async function stopFaults(): Promise<void> {
  await adminDb().doc(paths.faultInjectionControl).set({ rates: {} });
}

/** The faults injected at `point` into the work of one invitation (or of one user's callable). */
export async function faultsStruck(point: string, match: (fault: DocumentData) => boolean): Promise<DocumentData[]> {
  const snapshot = await adminDb().collection(paths.emulatorFaults).where('point', '==', point).get();
  return snapshot.docs.map((doc) => doc.data()).filter(match);
}

/** Failed events still waiting for the stand-in's redelivery. */
export async function eventsAwaitingRetry(): Promise<DocumentData[]> {
  return (await adminDb().collection(paths.emulatorRetries).get()).docs.map((doc) => doc.data());
}
