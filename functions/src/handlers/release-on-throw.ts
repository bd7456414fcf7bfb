import type { PushKind } from '../domain/push/push-plans.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { releaseLease } from '../adapters/firestore/delivery-records.js';
import { logFailure, logWarning } from '../logs.js';

/** The lease a worker holds on one push of one invitation. */
export interface HeldLease {
  invitationId: string;
  kind: PushKind;
  leaseId: string;
}

/**
 * Runs the work of a worker that holds a lease. If it throws, the lease is given up before the
 * error goes on to fail the event: Eventarc's retry (or the emulator's stand-in) then takes over
 * at once, rather than waiting up to DELIVERY_LEASE_MS while the call rings. A release that fails
 * leaves the lease to run out, as for a worker that died.
 */
export async function releasingOnThrow<T>(
  deps: { store: Collections; now(): number },
  lease: HeldLease,
  fields: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    try {
      if (await releaseLease(deps.store, lease.invitationId, lease.kind, lease.leaseId, deps.now()))
        logWarning('invitation.push.lease_released', { ...fields, error: error instanceof Error ? error.message : String(error) });
    } catch (releaseError) {
      logFailure('invitation.push.release_failed', releaseError, fields);
    }
    throw error;
  }
}
