import { readFileSync } from 'node:fs';
import { type RulesTestEnvironment, assertFails, assertSucceeds, initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { Timestamp, collection, doc, serverTimestamp, setDoc, writeBatch } from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { firestoreEmulator } from '../support/emulators.js';

// docs/examples/text-rate-limit.rules, put into Beckon's rules as its comments say: a chat app's
// own policy on how fast members post text (issue 29), tested as an app would use it.

const PROJECT_ID = 'demo-beckon-text-rate';
let env: RulesTestEnvironment;

/** The example's three parts, each the lines under its `// [name]` heading. */
function exampleParts(): Record<'function' | 'condition' | 'match', string> {
  const text = readFileSync('docs/examples/text-rate-limit.rules', 'utf8');
  const part = (name: string) => {
    const start = text.indexOf(`// [${name}]`);
    if (start < 0) throw new Error(`the example has no [${name}] part`);
    const body = text.slice(text.indexOf('\n', start) + 1);
    const end = body.indexOf('\n// [');
    return (end < 0 ? body : body.slice(0, end)).trimEnd();
  };
  return { function: part('function'), condition: part('condition'), match: part('match') };
}

/** Beckon's rules with the example in. Each anchor must be found, or the example no longer fits. */
function rulesWithExample(): string {
  const { function: fn, condition, match } = exampleParts();
  const insert = (rules: string, anchor: string, text: string, after: boolean) => {
    if (!rules.includes(anchor)) throw new Error(`firestore.rules no longer has: ${anchor}`);
    return rules.replace(anchor, after ? `${anchor}\n${text}` : `${text}\n${anchor}`);
  };
  let rules = readFileSync('firestore.rules', 'utf8');
  rules = insert(rules, '    function isMember(conversationId) {', `${fn}\n`, false);
  rules = insert(rules, '          && request.resource.data.createdAt == request.time', condition, true);
  rules = insert(rules, '      match /messages/{messageId} {', `${match}\n`, false);
  return rules;
}

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: rulesWithExample(), host: firestoreEmulator.host, port: firestoreEmulator.port },
  });
});
afterAll(() => env.cleanup());

beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled((context) =>
    setDoc(doc(context.firestore(), 'conversations/c1'), { memberIds: ['alice', 'bob'], createdAt: Timestamp.now() }),
  );
});

const bob = () => env.authenticatedContext('bob').firestore();
const text = (words: string) => ({ type: 'text', senderId: 'bob', text: words, createdAt: serverTimestamp() });

/** As the example's comment shows: the text and the marker in one batch. */
function post(words: string) {
  const db = bob();
  const batch = writeBatch(db);
  batch.set(doc(collection(db, 'conversations/c1/messages')), text(words));
  batch.set(doc(db, 'conversations/c1/posters/bob'), { lastPostAt: serverTimestamp() });
  return batch.commit();
}

const lastPost = (agoMs: number) =>
  env.withSecurityRulesDisabled((context) =>
    setDoc(doc(context.firestore(), 'conversations/c1/posters/bob'), { lastPostAt: Timestamp.fromMillis(Date.now() - agoMs) }),
  );

describe('a chat app’s own limit on texts, from docs/examples/text-rate-limit.rules', () => {
  it('takes one text a second from a member, with its marker; refuses a faster one, and one without the marker', async () => {
    await assertSucceeds(post('first'));
    await assertFails(post('at once again'));
    await assertFails(setDoc(doc(collection(bob(), 'conversations/c1/messages')), text('without the marker')));
    await lastPost(2_000);
    await assertSucceeds(post('two seconds later'));
    // The marker is the member's own, at the request's time only.
    await assertFails(setDoc(doc(bob(), 'conversations/c1/posters/bob'), { lastPostAt: Timestamp.fromMillis(0) }));
    await assertFails(setDoc(doc(bob(), 'conversations/c1/posters/alice'), { lastPostAt: serverTimestamp() }));
  });
});
