import type { EventName, EventPayloads } from './handlers/event-handlers.js';

/**
 * The options every event trigger shares: a failed event is delivered again (Eventarc's retry,
 * 10 to 600 s apart, for up to a day), and event-runner.ts decides what is worth retrying.
 */
export const RETRIED = { retry: true } as const;

/**
 * Hands a trigger's event to event-runner.ts, loaded on the first event so that a cold start pays
 * only for what its function runs.
 */
export async function handleEvent<Name extends EventName>(
  name: Name,
  payload: EventPayloads[Name],
  event: { id: string; time: string },
): Promise<void> {
  const { runEvent } = await import('./event-runner.js');
  await runEvent(name, payload, { eventId: event.id, time: event.time, attempt: 1 });
}
