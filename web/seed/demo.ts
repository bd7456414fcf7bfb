import { DEMO_USERS } from './demo-users.js';
import { seedDemo } from './seed-demo.js';

// Run by `npm start` inside the emulators: seeds the demo, prints one URL per demo user, and
// keeps the emulators up until Ctrl-C.

const PROJECT_ID = 'demo-beckon';
const HOSTING = 'http://127.0.0.1:5000';

await seedDemo(PROJECT_ID);
console.log('\n[beckon] Beckon is running on the emulators. Open one window per person and call:');
for (const user of DEMO_USERS) console.log(`[beckon]   ${user.displayName.padEnd(6)} ${HOSTING}/?as=${user.key}`);
console.log(`[beckon]   Operator ${HOSTING}/operator.html: the fleet's delivery health (getDeliveryHealth)`);
console.log('[beckon] Point your own app at Auth 9099, Firestore 8080, Functions 5001. Ctrl-C stops everything.\n');

const forever = setInterval(() => undefined, 60_000);
const stop = () => {
  clearInterval(forever);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
