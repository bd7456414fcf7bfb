#!/usr/bin/env node
// Cloud Scheduler's stand-in on the emulators. The Functions emulator never runs scheduled
// functions (firebase-tools#2034), so the launcher starts this beside it: every
// EMULATOR_SWEEP_SECONDS (60 by default, as deployed) it runs the liveness sweep's own handler,
// compiled in functions/lib, against the emulators' Firestore. The pushes and history that follow
// come from the real triggers in the Functions emulator.
//
// It also stands in for Eventarc's retries (`retry: true`), which the Functions emulator does not
// honour for event triggers: a trigger that fails with an error worth retrying records its event
// in `emulatorRetries` (functions/src/event-runner.ts), and this delivers it again through the same
// runner after EMULATOR_RETRY_SECONDS (2 by default), doubling at each failure up to a minute,
// until it succeeds or is older than its trigger's age cutoff. Deployed, Eventarc waits 10 to 600 s between tries.
//
// The ring sweep is not run here: deployed, it is the backstop for an expiry task that was lost,
// and the emulator's tasks are not lost; tests store overdue rings on purpose.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const periodMs = Math.max(1, Number(process.env.EMULATOR_SWEEP_SECONDS ?? '60')) * 1000;
const lib = (path) => import(pathToFileURL(join(ROOT, 'functions', 'lib', path)).href);

const [{ sweepSilentParticipants }, { services }, { runEvent }, { paths }] = await Promise.all([
  lib('handlers/sweep-silent-participants.js'),
  lib('services.js'),
  lib('event-runner.js'),
  lib('adapters/firestore/paths.js'),
]);
// The handlers it runs may enqueue expiry tasks: to the Cloud Tasks emulator, which wants a
// bearer token but checks none (inside the Functions emulator the runtime gives one).
// Firestore wants an application-default credential; its token is the emulators' placeholder.
const { applicationDefault, initializeApp } = await import('firebase-admin/app');
const credential = applicationDefault();
credential.getAccessToken = async () => ({ access_token: 'owner', expires_in: 3600 });
initializeApp({ credential });
const retryBaseMs = Math.max(0.1, Number(process.env.EMULATOR_RETRY_SECONDS ?? '2')) * 1000;
const RETRY_MAX_MS = 60_000;
/** Events being delivered again now, so that one poll does not start a second run of one still going. */
const redelivering = new Set();

// The launcher stops this when the emulators stop; should the launcher itself be killed, this
// notices it has a new parent and stops too.
const parent = process.ppid;

/** The emulators start after this does, and stop before it is stopped: a refused connection is expected then. */
function reportUnlessStopping(what, error) {
  const text = String(error instanceof Error ? error.message : error);
  if (!/ECONNREFUSED|UNAVAILABLE|No connection established/.test(text)) console.error(`[beckon] ${what}: ${text}`);
}

async function tick() {
  if (process.ppid !== parent) process.exit(0);
  try {
    await sweepSilentParticipants(services());
  } catch (error) {
    reportUnlessStopping('liveness sweep', error);
  }
  setTimeout(tick, periodMs);
}
setTimeout(tick, periodMs);

/** gRPC's NOT_FOUND: the record is gone, deleted by a run that delivered the event. */
const NOT_FOUND = 5;

/**
 * One failed event delivered again: done, dropped as too old (runEvent decides), or due again later.
 * A poll that read the record just before an earlier run deleted it delivers the event once more
 * (harmless: every handler is safe to run twice), and then finds no record to update. That must not
 * end this process: an unhandled rejection here once stopped every redelivery and sweep for the
 * rest of a chaos soak, and a call whose expiry event was waiting for its retry rang for ever.
 */
async function redeliver(doc) {
  const { trigger, payload, eventId, time, attempt } = doc.data();
  redelivering.add(eventId);
  try {
    await runEvent(trigger, payload, { eventId, time, attempt: attempt + 1, redelivered: true });
    await doc.ref.delete();
  } catch {
    // runEvent logged it (event.retrying); the wait doubles, unless another run has finished it.
    await doc.ref.update({ attempt: attempt + 1, failedAt: new Date() }).catch((error) => {
      if (error?.code !== NOT_FOUND) reportUnlessStopping(`event retry of ${eventId}`, error);
    });
  } finally {
    redelivering.delete(eventId);
  }
}

async function retryTick() {
  if (process.ppid !== parent) process.exit(0);
  try {
    // Listed, not queried: the bench counts queries as reads (COUNT_FIRESTORE_OPS), and this polls.
    const db = services().store.db;
    const refs = await db.collection(paths.emulatorRetries).listDocuments();
    const failed = refs.length > 0 ? await db.getAll(...refs) : [];
    const now = Date.now();
    for (const doc of failed) {
      if (!doc.exists) continue;
      const { eventId, attempt, failedAt } = doc.data();
      // Doubling, up to a minute: Eventarc's own waits stop growing at 600 s.
      const dueAt = failedAt.toMillis() + Math.min(retryBaseMs * 2 ** (attempt - 1), RETRY_MAX_MS);
      if (dueAt <= now && !redelivering.has(eventId)) redeliver(doc).catch((error) => reportUnlessStopping('event retries', error));
    }
  } catch (error) {
    reportUnlessStopping('event retries', error);
  }
  setTimeout(retryTick, Math.min(500, retryBaseMs / 2));
}
setTimeout(retryTick, 500);
