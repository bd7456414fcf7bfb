#!/usr/bin/env node
// Cloud Scheduler's stand-in on the emulators. The Functions emulator never runs scheduled
// functions (firebase-tools#2034), so the launcher starts this beside it: every
// EMULATOR_SWEEP_SECONDS (60 by default, as deployed) it runs the liveness sweep's own handler,
// compiled in functions/lib, against the emulators' Firestore. The pushes and history that follow
// come from the real triggers in the Functions emulator.
//
// The ring sweep is not run here: deployed, it is the backstop for an expiry task that was lost,
// and the emulator's tasks are not lost; tests store overdue rings on purpose.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const periodMs = Math.max(1, Number(process.env.EMULATOR_SWEEP_SECONDS ?? '60')) * 1000;
const lib = (path) => import(pathToFileURL(join(ROOT, 'functions', 'lib', path)).href);

const [{ sweepSilentParticipants }, { services }] = await Promise.all([lib('handlers/sweep-silent-participants.js'), lib('services.js')]);

// The launcher stops this when the emulators stop; should the launcher itself be killed, this
// notices it has a new parent and stops too.
const parent = process.ppid;

async function tick() {
  if (process.ppid !== parent) process.exit(0);
  try {
    await sweepSilentParticipants(services());
  } catch (error) {
    // The emulators start after this does, and stop before it is stopped: a refused connection is expected then.
    const text = String(error instanceof Error ? error.message : error);
    if (!/ECONNREFUSED|UNAVAILABLE|No connection established/.test(text)) console.error(`[beckon] liveness sweep: ${text}`);
  }
  setTimeout(tick, periodMs);
}
setTimeout(tick, periodMs);
