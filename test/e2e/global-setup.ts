import { seedDemo } from '../../web/seed/seed-demo.js';

/** The demo's people and conversations, as `npm start` seeds them. */
export default async function setup(): Promise<void> {
  if (!process.env.FIRESTORE_EMULATOR_HOST) throw new Error('The browser tests need the emulators: run them with `npm run test:e2e`.');
  await seedDemo('demo-beckon');
}
