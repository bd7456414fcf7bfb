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

/** The first half of a chain: a callable that persists one document into `collection`, for its trigger. */
const persistingCallable = (collection) =>
  onCall({ region: 'us-central1' }, async (request) => {
    const { floor, id, uid } = request.data;
    await db.collection(collection).doc(id).create({ floor, uid });
    return { id };
  });

/** Bare chain, first half: the callable persists one document... */
exports.benchBareChain = persistingCallable('benchChain');

/** ...and a trigger on it makes one write that the listening client sees. */
exports.benchBareChainTrigger = onDocumentCreated({ document: 'benchChain/{id}', region: 'us-central1' }, async (event) => {
  const floor = event.data?.get('floor');
  await seenAt(event.params.id).create(floorDoc(floor, event.data?.get('uid')));
});

/**
 * Checked callable: the shape of sendCallInvitation's own round trips, with nothing of Beckon's in
 * them. One round of parallel reads (seven documents, as the ring reads for one callee), then one
 * atomic batch of five creates, one of which the listening client sees.
 */
exports.benchCheckedCallable = onCall({ region: 'us-central1' }, async (request) => {
  const { floor, id, uid } = request.data;
  const reads = Array.from({ length: 7 }, (_, i) => db.collection('benchChecked').doc(`${uid}-${i}`));
  await db.getAll(...reads);
  const batch = db.batch();
  batch.create(seenAt(id), floorDoc(floor, uid));
  for (let i = 0; i < 4; i++) batch.create(db.collection('benchChecked').doc(`${id}-${i}`), { floor });
  await batch.commit();
  return { id };
});

/** Leased chain, first half: the callable persists one document... */
exports.benchLeasedChain = persistingCallable('benchLeased');

/**
 * ...and its trigger claims a lease with create(), as the push trigger claims its delivery record
 * (at most once per trigger delivery), then makes the write the listening client sees.
 */
exports.benchLeasedChainTrigger = onDocumentCreated({ document: 'benchLeased/{id}', region: 'us-central1' }, async (event) => {
  const lease = db.collection('benchLeases').doc(event.params.id);
  try {
    // triggeredAtMs: when the trigger started, for the bench's step times (bench/push-steps.ts).
    await lease.create({ claimedAt: FieldValue.serverTimestamp(), triggeredAtMs: Date.now() });
  } catch {
    return; // Claimed by an earlier delivery of this event.
  }
  await seenAt(event.params.id).create(floorDoc(event.data?.get('floor'), event.data?.get('uid')));
});
