import { defineBoolean, defineInt, defineString } from 'firebase-functions/params';
import { logWarning } from './logs.js';

// Every setting Beckon reads, declared once. Values come from functions/.env files when
// emulated and are asked for (with these defaults) on `firebase deploy`.

export const RING_TIMEOUT_MIN_SECONDS = 5;
export const RING_TIMEOUT_MAX_SECONDS = 180;

export const ringTimeoutSeconds = defineInt('RING_TIMEOUT_SECONDS', {
  default: 45,
  description: `How long an invitation rings before it is missed (${RING_TIMEOUT_MIN_SECONDS} to ${RING_TIMEOUT_MAX_SECONDS} s).`,
});

export const pushTransport = defineString('PUSH_TRANSPORT', {
  default: 'auto',
  description: 'fcm, emulator, disabled, or auto (emulator under the Functions emulator, fcm when deployed).',
});

/** The ring timeout in ms, held to its allowed range so a typo cannot make calls ring for ever. */
export function ringTimeoutMs(): number {
  const seconds = ringTimeoutSeconds.value();
  const bounded = Math.min(RING_TIMEOUT_MAX_SECONDS, Math.max(RING_TIMEOUT_MIN_SECONDS, seconds));
  if (bounded !== seconds) {
    logWarning('config.invalid', { param: 'RING_TIMEOUT_SECONDS', value: seconds, used: bounded });
  }
  return bounded * 1000;
}

/** Bench mode: count Firestore reads and writes per function into `benchOps` (see op-counter.ts). */
export const countFirestoreOps = defineBoolean('COUNT_FIRESTORE_OPS', {
  default: false,
  description: 'Benchmarks only: count Firestore document reads and writes per function.',
});
