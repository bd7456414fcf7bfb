import { clearFirestore } from './emulators.js';

/** Each run starts from an empty database; each test then works with users of its own. */
export default async function setup(): Promise<void> {
  if (!process.env.FIRESTORE_EMULATOR_HOST) {
    throw new Error('These tests need the emulator suite: run them with `npm test`.');
  }
  await clearFirestore();
}
