import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';
import { seedDemo } from './seed-demo.js';

// Run by `npm start` inside the emulators: seeds the demo, prints one URL per demo user and how
// to sign in as each from your own app, and stays until Ctrl-C, or until the emulators stop.

const PROJECT_ID = 'demo-beckon';
const HOSTING = 'http://127.0.0.1:5000';
// firebase emulators:exec tells the command where the emulator hub is.
const HUB = process.env.FIREBASE_EMULATOR_HUB ?? '127.0.0.1:4400';

await seedDemo(PROJECT_ID);
const log = (line = '') => console.log(`[beckon] ${line}`);
console.log();
log('Beckon is running on the emulators. Open one window per person and call:');
for (const user of DEMO_USERS) log(`  ${user.displayName.padEnd(8)} ${HOSTING}/?as=${user.key}`);
log(`  Operator ${HOSTING}/operator.html: the fleet's delivery health (getDeliveryHealth)`);
log();
log('Your own app: project demo-beckon, Auth 9099, Firestore 8080, Functions 5001 (docs/apps.md).');
log(`Sign in with email and password (password ${DEMO_PASSWORD}), and call them by uid:`);
for (const user of DEMO_USERS) log(`  ${user.email.padEnd(24)} uid ${user.uid}`);
log();
log('Ctrl-C stops everything.');
console.log();

// Stopped with the emulators: when the hub no longer answers (the emulators were stopped some
// other way than Ctrl-C in this terminal, which reaches this process too), nothing is left to serve.
const watch = setInterval(() => {
  fetch(`http://${HUB}/emulators`).catch(() => stop());
}, 2_000);
function stop(): void {
  clearInterval(watch);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
