import type { PushTransportName } from '../../contract/index.js';

/**
 * Decides the transport from the PUSH_TRANSPORT param. This is the one place that reads
 * process.env: "auto" means the emulator transport under the Functions emulator, FCM when deployed.
 */
export function resolvePushTransport(configured: string, env: NodeJS.ProcessEnv = process.env): PushTransportName {
  const value = configured.trim().toLowerCase();
  if (value === 'fcm' || value === 'emulator' || value === 'disabled') return value;
  if (value !== '' && value !== 'auto') {
    throw new Error(`PUSH_TRANSPORT must be fcm, emulator, disabled or auto, not "${configured}"`);
  }
  return env.FUNCTIONS_EMULATOR === 'true' ? 'emulator' : 'fcm';
}
