// The floors of `npm run bench`: the least a callable-based ring, and a callable-then-trigger
// push, can take on this machine. Loaded only by the bench (through the generated
// firebase.bench.json); `firebase deploy` reads firebase.json and never sees this codebase.
// Plain CommonJS on purpose: nothing to build, and nothing here is Beckon's code.
const { onCall } = require('firebase-functions/https');
const { onDocumentCreated } = require('firebase-functions/firestore');
const { initializeApp } = require('firebase-admin/app');
const { FieldValue, getFirestore } = require('firebase-admin/firestore');

initializeApp();
const db = getFirestore();

/**
 * Where the listening client sees a floor's write: `calls`, with the reader as its one member,
 * because its read rule, like that of the incoming-calls query, looks only at the request and the
 * document (a rule that reads another document, as the history's membership check does, costs the
 * emulator a lookup per listen update), and no other measurement listens to it (the push's listens
 * to pushOutbox). No client may list `users` any more, which the floors used before.
 */
const seenAt = (id) => db.collection('calls').doc(`bench-${id}`);
const floorDoc = (floor, uid) => ({ memberIds: [uid], benchFloor: floor, createdAt: FieldValue.serverTimestamp() });

/** Bare callable: one admin write of a one-field document, nothing else. */
exports.benchBareCallable = onCall({ region: 'us-central1' }, async (request) => {
  const { floor, id, uid } = request.data;
  await seenAt(id).create(floorDoc(floor, uid));
  return { id };
});

/** Bare chain, first half: the callable persists one document... */
exports.benchBareChain = onCall({ region: 'us-central1' }, async (request) => {
  const { floor, id, uid } = request.data;
  await db.collection('benchChain').doc(id).create({ floor, uid });
  return { id };
});

/** ...and a trigger on it makes one write that the listening client sees. */
exports.benchBareChainTrigger = onDocumentCreated({ document: 'benchChain/{id}', region: 'us-central1' }, async (event) => {
  const floor = event.data?.get('floor');
  await seenAt(event.params.id).create(floorDoc(floor, event.data?.get('uid')));
});
