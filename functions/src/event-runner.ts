import { EVENT_MAX_AGE_MS, type EventName, type EventPayloads, eventHandlers } from './handlers/event-handlers.js';
import { isRetryableEventError } from './domain/errors/retryable-error.js';
import { faultStrikesAt, injectFault } from './faults/fault-injection.js';
import { services } from './services.js';
import { paths } from './adapters/firestore/paths.js';
import { type LogFields, logEvent, logFailure, logWarning } from './logs.js';

/** What a trigger knows of its event beside the payload. */
export interface EventMeta {
  eventId: string;
  /** When the event happened (ISO 8601): a retry keeps it, so the age counts from the change itself. */
  time: string;
  /** 1 for the first delivery; the emulators' stand-in counts its redeliveries (Eventarc does not tell). */
  attempt: number;
  /** Delivered again by the emulators' stand-in, which then handles a failure itself. */
  redelivered?: boolean;
}

const onEmulator = () => process.env.FUNCTIONS_EMULATOR === 'true';

/**
 * Every event trigger's body: every trigger runs with `retry: true`, so a failure either is worth
 * retrying (thrown: Eventarc delivers the event again after 10 to 600 s, for up to a day) or is
 * acknowledged here (logged, not thrown: a malformed document fails the same way every time, and
 * an event older than its trigger's EVENT_MAX_AGE_MS can no longer matter). Each handler is safe
 * to run again and twice at once: its writes are idempotent or claimed under a lease.
 */
export async function runEvent<Name extends EventName>(name: Name, payload: EventPayloads[Name], meta: EventMeta): Promise<void> {
  const ids: LogFields = { trigger: name, eventId: meta.eventId, attempt: meta.attempt, ...payload };
  const ageMs = Date.now() - Date.parse(meta.time);
  if (ageMs > EVENT_MAX_AGE_MS[name]) {
    logWarning('event.dropped', { ...ids, ageMs, reason: `older than ${EVENT_MAX_AGE_MS[name] / 1000} s: it can no longer matter` });
    return;
  }
  try {
    const deps = services();
    await injectFault('trigger.crash_before', ids);
    const handle = await eventHandlers[name]();
    const once = () => handle(deps, payload);
    if (await faultStrikesAt('trigger.duplicate', ids)) {
      // Two deliveries at once, each running to its end as two instances would: a failure of one
      // must not end the function while the other is between its send and its record (the
      // emulator, like Cloud Functions, stops work left running after the function returns).
      const [first, second] = await Promise.allSettled([once(), once()]);
      if (first.status === 'rejected') throw first.reason;
      if (second.status === 'rejected') throw second.reason;
    } else await once();
    if (meta.attempt > 1) logEvent('event.redelivered', { ...ids, outcome: 'handled' });
  } catch (error) {
    if (!isRetryableEventError(error)) {
      // Retrying cannot fix it: logged once with its stack, and acknowledged.
      logFailure('event.failed_permanently', error, ids);
      return;
    }
    logWarning('event.retrying', { ...ids, error: error instanceof Error ? error.message : String(error) });
    if (meta.redelivered) throw error;
    if (onEmulator()) {
      // The Functions emulator drops a failed event whatever its retry policy: the launcher's
      // stand-in for Eventarc delivers it again from this record (scripts/emulator-schedules.mjs).
      await recordForRedelivery(name, payload, meta);
      return;
    }
    throw error;
  }
}

async function recordForRedelivery<Name extends EventName>(name: Name, payload: EventPayloads[Name], meta: EventMeta): Promise<void> {
  await services()
    .store.db.collection(paths.emulatorRetries)
    .doc(meta.eventId)
    .set({ trigger: name, payload, eventId: meta.eventId, time: meta.time, attempt: meta.attempt, failedAt: new Date() });
}
