import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type RulesTestEnvironment, assertFails, assertSucceeds, initializeTestEnvironment } from '@firebase/rules-unit-testing';
import {
  Timestamp,
  addDoc,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firestoreEmulator } from '../support/emulators.js';
import { fetchCoverage, ruleExpressions } from '../support/rules-coverage.js';

// A project of its own, so these tests never see or disturb the integration tests' data, and the
// emulator's coverage report for it counts these tests only.
const PROJECT_ID = 'demo-beckon-rules';
let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: readFileSync('firestore.rules', 'utf8'), host: firestoreEmulator.host, port: firestoreEmulator.port },
  });
});
afterAll(() => env.cleanup());

beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await setDoc(doc(db, 'conversations/c1'), { memberIds: ['alice', 'bob'], createdAt: Timestamp.now(), lastMessageAt: Timestamp.now() });
    await setDoc(doc(db, 'conversations/c1/messages/m1'), { type: 'system', senderId: 'alice', text: 'call', createdAt: Timestamp.now() });
    await setDoc(doc(db, 'callInvitations/i1'), { callerId: 'alice', calleeId: 'bob', status: 'ringing', createdAt: Timestamp.now() });
    await setDoc(doc(db, 'users/bob/devices/phone'), { platform: 'android', fcmToken: 't' });
    await setDoc(doc(db, 'pushOutbox/p1'), { invitationId: 'i1' });
    await setDoc(doc(db, 'pushOutbox/to-bob'), { invitationId: 'i1', uid: 'bob', kind: 'call_invitation' });
    await setDoc(doc(db, 'callInvitations/i1/receipts/phone'), { deviceId: 'phone', receivedAt: Timestamp.now() });
    await setDoc(doc(db, 'callInvitations/i1/deliveries/call_invitation'), { state: 'sent', devices: [{ deviceId: 'phone', ok: true }] });
    await setDoc(doc(db, 'activeCalls/bob'), { invitationId: 'i1', roomId: 'r', conversationId: 'c1', since: Timestamp.now() });
    await setDoc(doc(db, 'deviceHealth/3-bob-phone'), { uid: 'bob', deviceId: 'phone', platform: 'android', ringsSinceReceipt: 2 });
    await setDoc(doc(db, 'calls/call1'), {
      callerId: 'alice',
      memberIds: ['alice', 'bob', 'carol'],
      callees: { bob: 'ringing', carol: 'declined' },
      status: 'ringing',
      createdAt: Timestamp.now(),
    });
  });
});

const as = (uid: string) => env.authenticatedContext(uid).firestore();
const anonymous = () => env.unauthenticatedContext().firestore();
const textMessage = (senderId: string, extra: Record<string, unknown> = {}) => ({
  type: 'text',
  senderId,
  text: 'hello',
  createdAt: serverTimestamp(),
  ...extra,
});

describe('conversations', () => {
  it('members read, others do not', async () => {
    await assertSucceeds(getDoc(doc(as('alice'), 'conversations/c1')));
    await assertSucceeds(getDocs(query(collection(as('bob'), 'conversations'), where('memberIds', 'array-contains', 'bob'))));
    await assertFails(getDoc(doc(as('mallory'), 'conversations/c1')));
    await assertFails(getDoc(doc(anonymous(), 'conversations/c1')));
  });

  it('nobody writes a conversation from a client', async () => {
    await assertFails(setDoc(doc(as('alice'), 'conversations/c2'), { memberIds: ['alice', 'bob'] }));
    await assertFails(updateDoc(doc(as('alice'), 'conversations/c1'), { memberIds: ['alice', 'bob', 'mallory'] }));
    await assertFails(deleteDoc(doc(as('alice'), 'conversations/c1')));
  });
});

describe('messages', () => {
  it('members read the history, others do not', async () => {
    await assertSucceeds(getDocs(query(collection(as('bob'), 'conversations/c1/messages'), orderBy('createdAt'))));
    await assertFails(getDocs(query(collection(as('mallory'), 'conversations/c1/messages'), orderBy('createdAt'))));
    await assertFails(getDoc(doc(anonymous(), 'conversations/c1/messages/m1')));
  });

  it('a member adds a text message as themself', async () => {
    await assertSucceeds(addDoc(collection(as('bob'), 'conversations/c1/messages'), textMessage('bob')));
  });

  it('refuses a message as someone else, a system message, a call invitation, and odd fields', async () => {
    const messages = collection(as('bob'), 'conversations/c1/messages');
    await assertFails(addDoc(messages, textMessage('alice')));
    await assertFails(addDoc(messages, textMessage('bob', { type: 'system' })));
    await assertFails(addDoc(messages, textMessage('bob', { callInvitation: { invitationId: 'i9', status: 'ringing' } })));
    await assertFails(addDoc(messages, textMessage('bob', { text: '' })));
    await assertFails(addDoc(messages, textMessage('bob', { text: 'x'.repeat(4001) })));
    await assertFails(addDoc(messages, textMessage('bob', { createdAt: Timestamp.fromMillis(0) })));
  });

  it('refuses a text message into a direct conversation from someone the other member blocked', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, 'users/bob/blocked/alice'), { blockedAt: Timestamp.now() });
      await setDoc(doc(db, 'conversations/group'), {
        memberIds: ['alice', 'bob', 'carol'],
        createdAt: Timestamp.now(),
        lastMessageAt: Timestamp.now(),
      });
    });
    await assertFails(addDoc(collection(as('alice'), 'conversations/c1/messages'), textMessage('alice')));
    await assertSucceeds(addDoc(collection(as('bob'), 'conversations/c1/messages'), textMessage('bob')));
    // A group is not a direct conversation: blocking there is the app's to show.
    await assertSucceeds(addDoc(collection(as('alice'), 'conversations/group/messages'), textMessage('alice')));
  });

  it('refuses non-members, edits and deletes', async () => {
    await assertFails(addDoc(collection(as('mallory'), 'conversations/c1/messages'), textMessage('mallory')));
    await assertFails(addDoc(collection(anonymous(), 'conversations/c1/messages'), textMessage('alice')));
    await assertFails(updateDoc(doc(as('alice'), 'conversations/c1/messages/m1'), { text: 'edited' }));
    await assertFails(deleteDoc(doc(as('alice'), 'conversations/c1/messages/m1')));
  });
});

describe('callInvitations', () => {
  it('caller and callee read an invitation, nobody else', async () => {
    await assertSucceeds(getDoc(doc(as('alice'), 'callInvitations/i1')));
    await assertSucceeds(getDoc(doc(as('bob'), 'callInvitations/i1')));
    await assertFails(getDoc(doc(as('mallory'), 'callInvitations/i1')));
    await assertFails(getDoc(doc(anonymous(), 'callInvitations/i1')));
  });

  it('the incoming-calls query is allowed for oneself only', async () => {
    const incoming = (uid: string, calleeId: string) =>
      query(
        collection(as(uid), 'callInvitations'),
        where('calleeId', '==', calleeId),
        where('status', '==', 'ringing'),
        orderBy('createdAt'),
      );
    await assertSucceeds(getDocs(incoming('bob', 'bob')));
    await assertFails(getDocs(incoming('mallory', 'bob')));
    await assertFails(getDocs(collection(as('bob'), 'callInvitations')));
  });

  it('nobody writes an invitation from a client', async () => {
    await assertFails(setDoc(doc(as('alice'), 'callInvitations/i2'), { callerId: 'alice', calleeId: 'bob', status: 'ringing' }));
    await assertFails(updateDoc(doc(as('bob'), 'callInvitations/i1'), { status: 'accepted' }));
    await assertFails(deleteDoc(doc(as('alice'), 'callInvitations/i1')));
  });
});

describe('delivery receipts', () => {
  it("are the callee's alone: the caller learns only receivedAt on the invitation, never which devices rang", async () => {
    await assertSucceeds(getDoc(doc(as('bob'), 'callInvitations/i1/receipts/phone')));
    await assertSucceeds(getDocs(collection(as('bob'), 'callInvitations/i1/receipts')));
    await assertFails(getDoc(doc(as('alice'), 'callInvitations/i1/receipts/phone')));
    await assertFails(getDocs(collection(as('alice'), 'callInvitations/i1/receipts')));
    await assertFails(getDoc(doc(as('mallory'), 'callInvitations/i1/receipts/phone')));
    await assertFails(getDoc(doc(anonymous(), 'callInvitations/i1/receipts/phone')));
  });

  it('nobody writes a receipt from a client: acknowledgeCallInvitation does', async () => {
    const receipt = { deviceId: 'phone', receivedAt: serverTimestamp() };
    await assertFails(setDoc(doc(as('bob'), 'callInvitations/i1/receipts/tablet'), receipt));
    await assertFails(updateDoc(doc(as('bob'), 'callInvitations/i1/receipts/phone'), { source: 'push' }));
    await assertFails(deleteDoc(doc(as('bob'), 'callInvitations/i1/receipts/phone')));
  });
});

describe('push delivery records', () => {
  it("are the callee's alone: they name the callee's devices and push errors", async () => {
    await assertSucceeds(getDoc(doc(as('bob'), 'callInvitations/i1/deliveries/call_invitation')));
    await assertSucceeds(getDocs(collection(as('bob'), 'callInvitations/i1/deliveries')));
    await assertFails(getDoc(doc(as('alice'), 'callInvitations/i1/deliveries/call_invitation')));
    await assertFails(getDocs(collection(as('alice'), 'callInvitations/i1/deliveries')));
    await assertFails(getDoc(doc(as('mallory'), 'callInvitations/i1/deliveries/call_invitation')));
    await assertFails(getDoc(doc(anonymous(), 'callInvitations/i1/deliveries/call_invitation')));
  });

  it('nobody writes one from a client', async () => {
    await assertFails(setDoc(doc(as('bob'), 'callInvitations/i1/deliveries/missed_call'), { state: 'sent' }));
    await assertFails(updateDoc(doc(as('bob'), 'callInvitations/i1/deliveries/call_invitation'), { state: 'failed' }));
    await assertFails(deleteDoc(doc(as('bob'), 'callInvitations/i1/deliveries/call_invitation')));
  });
});

describe('presence', () => {
  it('a user writes their own heartbeat with the server time', async () => {
    await assertSucceeds(setDoc(doc(as('bob'), 'presence/bob'), { state: 'online', lastSeenAt: serverTimestamp() }));
    await assertSucceeds(deleteDoc(doc(as('bob'), 'presence/bob')));
    await assertSucceeds(setDoc(doc(as('bob'), 'presence/bob'), { state: 'offline', lastSeenAt: serverTimestamp() }));
    await assertSucceeds(getDoc(doc(as('alice'), 'presence/bob')));
  });

  it('is read by id only, and not by someone its owner blocked (issue 18, finding 3)', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), 'presence/bob'), { state: 'online', lastSeenAt: Timestamp.now() });
      await setDoc(doc(context.firestore(), 'users/bob/blocked/mallory'), { blockedAt: Timestamp.now() });
    });
    await assertFails(getDocs(collection(as('alice'), 'presence')));
    await assertFails(getDocs(query(collection(as('alice'), 'presence'), where('state', '==', 'online'))));
    await assertFails(getDoc(doc(as('mallory'), 'presence/bob')));
    await assertSucceeds(getDoc(doc(as('alice'), 'presence/bob')));
    await assertSucceeds(getDoc(doc(as('bob'), 'presence/bob')));
  });

  it("refuses someone else's presence, a chosen time, bad states and extra fields", async () => {
    await assertFails(setDoc(doc(as('mallory'), 'presence/bob'), { state: 'offline', lastSeenAt: serverTimestamp() }));
    await assertFails(
      setDoc(doc(as('bob'), 'presence/bob'), { state: 'online', lastSeenAt: Timestamp.fromMillis(Date.now() + 3_600_000) }),
    );
    await assertFails(setDoc(doc(as('bob'), 'presence/bob'), { state: 'away', lastSeenAt: serverTimestamp() }));
    await assertFails(setDoc(doc(as('bob'), 'presence/bob'), { state: 'online', lastSeenAt: serverTimestamp(), admin: true }));
    await assertFails(getDoc(doc(anonymous(), 'presence/bob')));
    await assertFails(setDoc(doc(anonymous(), 'presence/bob'), { state: 'offline', lastSeenAt: serverTimestamp() }));
    await assertFails(deleteDoc(doc(as('mallory'), 'presence/bob')));
    await assertFails(deleteDoc(doc(anonymous(), 'presence/bob')));
  });
});

describe('presence, bounded (issue 29)', () => {
  const lastBeat = (state: 'online' | 'offline', agoMs: number) =>
    env.withSecurityRulesDisabled((context) =>
      setDoc(doc(context.firestore(), 'presence/bob'), { state, lastSeenAt: Timestamp.fromMillis(Date.now() - agoMs) }),
    );
  const beat = (state: 'online' | 'offline') => setDoc(doc(as('bob'), 'presence/bob'), { state, lastSeenAt: serverTimestamp() });

  it('writes the same state again no sooner than 20 s after the last; a change of state a second after it', async () => {
    await assertSucceeds(beat('online'));
    await assertFails(beat('online'));
    // Toggling online and offline as fast as it can (21,335 writes a minute in the attack): a second apart at most.
    await assertFails(beat('offline'));
    await lastBeat('online', 1_500);
    await assertSucceeds(beat('offline'));
    // The edges, 2 s either side of 20 s (the rules see the server's time, not this process's).
    await lastBeat('online', 18_000);
    await assertFails(beat('online'));
    await lastBeat('online', 22_000);
    await assertSucceeds(beat('online'));
    await lastBeat('offline', 5_000);
    await assertSucceeds(beat('online'));
  });
});

describe('a deleted account (issue 29)', () => {
  const deletedAtMs = Date.now() - 60_000;
  // A token from a sign-in before the deletion, and one from a sign-in after it (a new account reusing the uid).
  const before = () => env.authenticatedContext('bob', { auth_time: Math.floor(deletedAtMs / 1000) - 600 }).firestore();
  const after = () => env.authenticatedContext('bob', { auth_time: Math.floor(deletedAtMs / 1000) + 30 }).firestore();

  beforeEach(async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, 'deletedUsers/bob'), {
        deletedAt: Timestamp.fromMillis(deletedAtMs),
        expireAt: Timestamp.fromMillis(deletedAtMs + 30 * 86_400_000),
      });
      await setDoc(doc(db, 'calls/live'), {
        callerId: 'alice',
        conversationId: 'c1',
        status: 'active',
        callerState: 'in',
        memberIds: ['alice', 'bob'],
        callees: { bob: 'accepted' },
      });
      const aliveAt = Timestamp.fromMillis(Date.now() - 60_000);
      await setDoc(doc(db, 'activeCalls/bob'), { callId: 'live', invitationId: 'i1', since: aliveAt, aliveAt, heartbeatSeconds: 30 });
    });
  });

  /** Every collection a client writes into, as Bob with `db`. */
  const writes = (db: ReturnType<typeof as>, n: number) => [
    setDoc(doc(db, 'presence/bob'), { state: 'online', lastSeenAt: serverTimestamp() }),
    setDoc(doc(db, 'users/bob'), { displayName: `Bob ${n}` }),
    setDoc(doc(db, `conversations/c1/messages/after-${n}`), {
      type: 'text',
      senderId: 'bob',
      text: 'still here',
      createdAt: serverTimestamp(),
    }),
    setDoc(doc(db, `calls/live/signals/bob-${n}`), {
      from: 'bob',
      to: 'alice',
      seq: n,
      kind: 'offer',
      payload: '{}',
      createdAt: serverTimestamp(),
      expireAt: Timestamp.fromMillis(Date.now() + 600_000),
    }),
    updateDoc(doc(db, 'activeCalls/bob'), { aliveAt: serverTimestamp() }),
  ];

  it('refuses every write of a token signed in before the deletion; a sign-in after it writes as before', async () => {
    for (const write of writes(before(), 1)) await assertFails(write);
    await assertFails(deleteDoc(doc(before(), 'presence/bob')));
    for (const write of writes(after(), 2)) await assertSucceeds(write);
    await assertSucceeds(deleteDoc(doc(after(), 'presence/bob')));
  });
});

describe('users', () => {
  it('a user writes their own profile', async () => {
    await assertSucceeds(setDoc(doc(as('bob'), 'users/bob'), { displayName: 'Bob' }));
    await assertSucceeds(setDoc(doc(as('bob'), 'users/bob'), { displayName: 'Bob', photoURL: 'https://example.com/bob.png' }));
    await assertSucceeds(getDoc(doc(as('alice'), 'users/bob')));
  });

  it('is read by id only, and not by someone its owner blocked (issue 18, finding 3)', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), 'users/bob'), { displayName: 'Bob' });
      await setDoc(doc(context.firestore(), 'users/bob/blocked/mallory'), { blockedAt: Timestamp.now() });
    });
    await assertFails(getDocs(collection(as('alice'), 'users')));
    await assertFails(getDocs(query(collection(as('alice'), 'users'), where('displayName', '==', 'Bob'))));
    await assertFails(getDoc(doc(as('mallory'), 'users/bob')));
    await assertSucceeds(getDoc(doc(as('alice'), 'users/bob')));
    await assertSucceeds(getDoc(doc(as('bob'), 'users/bob')));
  });

  it('takes a name others can be shown and an https picture (issue 18, findings 1 and 2)', async () => {
    const bob = doc(as('bob'), 'users/bob');
    for (const displayName of ['Bob', '小明', '👨‍👩‍👧 Family', 'می‌خواهم', 'José', 'x'.repeat(64)]) {
      await assertSucceeds(setDoc(bob, { displayName }));
    }
    for (const displayName of [
      '\u202Eexe.gnp\u202C BANK ALERT',
      'Bob\ncall +1-555-0100',
      'Bob\u0007',
      'Bob\u0000',
      'Bo\u200Bb',
      '\u2066Bob\u2069',
      'Bob\u200F',
      'Bob\u0085',
      '   ',
      ' \u200D ',
      'x'.repeat(65),
      42,
    ]) {
      await assertFails(setDoc(bob, { displayName }));
    }
    await assertSucceeds(setDoc(bob, { displayName: 'Bob', photoURL: 'https://example.com/bob.png?size=64#x' }));
    for (const photoURL of [
      'http://attacker.example/track.gif?v=bob',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://',
      'https://example.com/a b.png',
      'https://user@attacker.example/x.png',
      `https://example.com/${'a'.repeat(2048)}`,
    ]) {
      await assertFails(setDoc(bob, { displayName: 'Bob', photoURL }));
    }
  });

  it("refuses someone else's profile and invalid fields", async () => {
    await assertFails(setDoc(doc(as('mallory'), 'users/bob'), { displayName: 'Not Bob' }));
    await assertFails(setDoc(doc(as('bob'), 'users/bob'), { displayName: '' }));
    await assertFails(setDoc(doc(as('bob'), 'users/bob'), { displayName: 'x'.repeat(101) }));
    await assertFails(setDoc(doc(as('bob'), 'users/bob'), { displayName: 'Bob', photoURL: 42 }));
    await assertFails(setDoc(doc(as('bob'), 'users/bob'), { displayName: 'Bob', isAdmin: true }));
    await assertFails(getDoc(doc(anonymous(), 'users/bob')));
    await assertFails(setDoc(doc(anonymous(), 'users/bob'), { displayName: 'Bob' }));
  });

  it('a block list is read by its owner only and written by nobody from a client', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), 'users/bob/blocked/mallory'), { blockedAt: Timestamp.now() });
    });
    await assertSucceeds(getDoc(doc(as('bob'), 'users/bob/blocked/mallory')));
    await assertSucceeds(getDocs(collection(as('bob'), 'users/bob/blocked')));
    await assertFails(getDoc(doc(as('mallory'), 'users/bob/blocked/mallory')));
    await assertFails(getDocs(collection(as('alice'), 'users/bob/blocked')));
    await assertFails(getDoc(doc(anonymous(), 'users/bob/blocked/mallory')));
    await assertFails(setDoc(doc(as('bob'), 'users/bob/blocked/alice'), { blockedAt: serverTimestamp() }));
    await assertFails(deleteDoc(doc(as('bob'), 'users/bob/blocked/mallory')));
  });

  it('devices are read by their owner and written by nobody from a client', async () => {
    await assertSucceeds(getDoc(doc(as('bob'), 'users/bob/devices/phone')));
    await assertFails(getDoc(doc(as('alice'), 'users/bob/devices/phone')));
    await assertFails(getDoc(doc(anonymous(), 'users/bob/devices/phone')));
    await assertFails(setDoc(doc(as('bob'), 'users/bob/devices/tablet'), { platform: 'web', fcmToken: 'mine' }));
    await assertFails(updateDoc(doc(as('bob'), 'users/bob/devices/phone'), { fcmToken: 'stolen' }));
    await assertFails(deleteDoc(doc(as('bob'), 'users/bob/devices/phone')));
  });
});

describe('activeCalls', () => {
  it('a user reads only their own active call, and nobody creates or deletes one from a client', async () => {
    await assertSucceeds(getDoc(doc(as('bob'), 'activeCalls/bob')));
    await assertFails(getDoc(doc(as('alice'), 'activeCalls/bob')));
    await assertFails(getDoc(doc(anonymous(), 'activeCalls/bob')));
    await assertFails(setDoc(doc(as('bob'), 'activeCalls/bob'), { invitationId: 'fake' }));
    await assertFails(setDoc(doc(as('bob'), 'activeCalls/bob-2'), { invitationId: 'fake' }));
    await assertFails(deleteDoc(doc(as('bob'), 'activeCalls/bob')));
  });

  /** Bob's entry as the functions write it, his last heartbeat `agoMs` ago, beating every 30 s. */
  const entered = (agoMs: number) =>
    env.withSecurityRulesDisabled(async (context) => {
      const aliveAt = Timestamp.fromMillis(Date.now() - agoMs);
      await setDoc(doc(context.firestore(), 'activeCalls/bob'), {
        callId: 'call1',
        invitationId: 'i1',
        roomId: 'r',
        conversationId: 'c1',
        since: aliveAt,
        aliveAt,
        heartbeatSeconds: 30,
      });
    });

  it('its owner writes the heartbeat, and only it: the request’s time, no sooner than 80% of the interval after the last', async () => {
    await entered(25_000);
    await assertSucceeds(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
    // Just beaten: the next is too soon.
    await assertFails(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
    await entered(20_000);
    await assertFails(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
  });

  it('nobody else beats for the user, and the heartbeat carries nothing else: no other field, no time of the app’s choosing', async () => {
    await entered(60_000);
    await assertFails(updateDoc(doc(as('alice'), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
    await assertFails(updateDoc(doc(anonymous(), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
    await assertFails(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp(), callId: 'another-call' }));
    await assertFails(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp(), heartbeatSeconds: 1 }));
    await assertFails(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: Timestamp.fromMillis(Date.now() + 3_600_000) }));
    await assertSucceeds(updateDoc(doc(as('bob'), 'activeCalls/bob'), { aliveAt: serverTimestamp() }));
  });
});

describe('calls', () => {
  it('the caller and the callees read the call; other members of the conversation and strangers do not; nobody writes', async () => {
    await assertSucceeds(getDoc(doc(as('alice'), 'calls/call1')));
    await assertSucceeds(getDoc(doc(as('carol'), 'calls/call1')));
    const mine = query(
      collection(as('bob'), 'calls'),
      where('memberIds', 'array-contains', 'bob'),
      where('status', 'in', ['ringing', 'active']),
    );
    await assertSucceeds(getDocs(mine));
    await assertFails(getDoc(doc(as('erin'), 'calls/call1')));
    await assertFails(getDocs(collection(as('erin'), 'calls')));
    await assertFails(getDoc(doc(anonymous(), 'calls/call1')));
    await assertFails(setDoc(doc(as('alice'), 'calls/call1'), { status: 'ended' }));
    await assertFails(updateDoc(doc(as('bob'), 'calls/call1'), { 'callees.bob': 'accepted' }));
  });
});

describe('pushOutbox', () => {
  it('shows a user only what their own devices would have received, and takes no writes', async () => {
    await assertSucceeds(getDoc(doc(as('bob'), 'pushOutbox/to-bob')));
    await assertSucceeds(getDocs(query(collection(as('bob'), 'pushOutbox'), where('uid', '==', 'bob'))));
    await assertFails(getDoc(doc(as('alice'), 'pushOutbox/to-bob')));
    await assertFails(getDoc(doc(anonymous(), 'pushOutbox/to-bob')));
    await assertFails(getDoc(doc(as('bob'), 'pushOutbox/p1')));
    await assertFails(getDocs(collection(as('bob'), 'pushOutbox')));
    await assertFails(setDoc(doc(as('bob'), 'pushOutbox/p2'), { invitationId: 'i1', uid: 'bob' }));
  });
});

describe('the delivery health counters (issue 30)', () => {
  it('no client reads or writes the hourly counters, an operator neither; a device’s own line only its owner reads', async () => {
    const operator = env.authenticatedContext('op', { beckonOperator: true }).firestore();
    for (const db of [as('bob'), operator, anonymous()]) {
      await assertFails(getDoc(doc(db, 'deliveryHealth/2026120712-0')));
      await assertFails(getDocs(collection(db, 'deliveryHealth')));
      await assertFails(setDoc(doc(db, 'deliveryHealth/2026120712-0'), { outcomes: { answered: 1 } }));
      await assertFails(setDoc(doc(db, 'deviceHealth/3-bob-phone'), { uid: 'bob', ringsSinceReceipt: 0 }));
    }
    // A device's own line is its owner's to read, as their devices are; nobody else's.
    await assertSucceeds(getDoc(doc(as('bob'), 'deviceHealth/3-bob-phone')));
    await assertFails(getDoc(doc(operator, 'deviceHealth/3-bob-phone')));
    await assertFails(getDoc(doc(anonymous(), 'deviceHealth/3-bob-phone')));
    await assertFails(getDocs(collection(as('bob'), 'deviceHealth')));
  });
});

describe('call signals (MEDIA_PROVIDER=p2p)', () => {
  const inTenMinutes = () => Timestamp.fromMillis(Date.now() + 10 * 60_000);
  const signal = (from: string, to: string, extra: Record<string, unknown> = {}) => ({
    from,
    to,
    seq: 0,
    kind: 'offer',
    payload: '{"type":"offer","sdp":"v=0"}',
    createdAt: serverTimestamp(),
    expireAt: inTenMinutes(),
    ...extra,
  });
  let nextSeq = 1;
  /** Sends as the client library does: id `{from}-{seq}`, seq the sender's next number in the call. */
  const send = (db: ReturnType<typeof as>, from: string, to: string, extra: Record<string, unknown> = {}, callId = 'live') => {
    const seq = typeof extra.seq === 'number' ? extra.seq : nextSeq++;
    return setDoc(doc(db, 'calls', callId, 'signals', `${from}-${seq}`), signal(from, to, { seq, ...extra }));
  };
  const signals = (db: ReturnType<typeof as>, callId = 'live') => collection(db, 'calls', callId, 'signals');

  beforeEach(async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      const call = { callerId: 'alice', conversationId: 'c1', createdAt: Timestamp.now() };
      await setDoc(doc(db, 'calls/live'), {
        ...call,
        status: 'active',
        callerState: 'in',
        memberIds: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
        callees: { bob: 'accepted', carol: 'declined', dave: 'left', erin: 'accepted', frank: 'ringing' },
      });
      await setDoc(doc(db, 'calls/callerLeft'), {
        ...call,
        status: 'active',
        callerState: 'left',
        memberIds: ['alice', 'bob', 'erin'],
        callees: { bob: 'accepted', erin: 'accepted' },
      });
      await setDoc(doc(db, 'calls/over'), {
        ...call,
        status: 'ended',
        callerState: 'left',
        memberIds: ['alice', 'bob'],
        callees: { bob: 'left' },
      });
      await setDoc(doc(db, 'calls/live/signals/alice-0'), { ...signal('alice', 'bob'), createdAt: Timestamp.now() });
      await setDoc(doc(db, 'calls/over/signals/alice-0'), { ...signal('alice', 'bob'), createdAt: Timestamp.now() });
    });
  });

  it('the people in the call now send each other signals; nobody else, and not once the call is over', async () => {
    await assertSucceeds(send(as('alice'), 'alice', 'bob'));
    await assertSucceeds(send(as('bob'), 'bob', 'alice', { kind: 'answer' }));
    await assertSucceeds(send(as('erin'), 'erin', 'bob', { kind: 'candidate' }));
    await assertFails(send(as('carol'), 'carol', 'alice')); // declined: not in the call
    await assertFails(send(as('dave'), 'dave', 'alice')); // left it
    await assertFails(send(as('frank'), 'frank', 'alice')); // still ringing
    await assertFails(send(as('mallory'), 'mallory', 'alice')); // never in it
    await assertFails(send(as('alice'), 'alice', 'bob', {}, 'callerLeft')); // the caller who left
    await assertFails(send(as('bob'), 'bob', 'alice', {}, 'over'));
    await assertFails(send(anonymous(), 'alice', 'bob'));
  });

  it('a signal goes only to someone in the call now: not to a callee still ringing, one who declined or left, or a caller who left', async () => {
    await assertFails(send(as('bob'), 'bob', 'frank')); // ringing: an offer before the answer would be a way in
    await assertFails(send(as('bob'), 'bob', 'carol'));
    await assertFails(send(as('bob'), 'bob', 'dave'));
    await assertFails(send(as('bob'), 'bob', 'alice', {}, 'callerLeft'));
    await assertSucceeds(send(as('bob'), 'bob', 'erin', {}, 'callerLeft'));
  });

  it('one sender writes at most 500 signals in a call: numbered 0 to 499 in their ids, each written once', async () => {
    const bob = as('bob');
    await assertSucceeds(send(bob, 'bob', 'alice', { seq: 0 }));
    await assertSucceeds(send(bob, 'bob', 'alice', { seq: 499 }));
    await assertFails(send(bob, 'bob', 'alice', { seq: 0 })); // written already: no overwrite
    await assertFails(send(bob, 'bob', 'alice', { seq: 500 }));
    await assertFails(send(bob, 'bob', 'alice', { seq: -1 }));
    await assertFails(send(bob, 'bob', 'alice', { seq: 1.5 }));
    await assertFails(send(bob, 'bob', 'alice', { seq: '7' }));
    await assertFails(setDoc(doc(bob, 'calls/live/signals/bob-x'), signal('bob', 'alice', { seq: 8 }))); // id not {from}-{seq}
    await assertFails(setDoc(doc(bob, 'calls/live/signals/erin-9'), signal('bob', 'alice', { seq: 9 }))); // another sender's number
    await assertFails(addDoc(signals(bob), signal('bob', 'alice', { seq: 10 }))); // an id of its own
  });

  it('a signal is from its sender, to another member of the call, of a known kind, small, stamped now, and expiring within the hour', async () => {
    const bob = as('bob');
    await assertFails(send(bob, 'alice', 'erin')); // sent as someone else
    await assertFails(send(bob, 'bob', 'bob'));
    await assertFails(send(bob, 'bob', 'mallory'));
    await assertFails(send(bob, 'bob', 42 as unknown as string));
    await assertFails(send(bob, 'bob', 'alice', { kind: 'script' }));
    await assertFails(send(bob, 'bob', 'alice', { payload: { sdp: 'v=0' } }));
    await assertFails(send(bob, 'bob', 'alice', { payload: 'x'.repeat(32_769) }));
    await assertFails(send(bob, 'bob', 'alice', { createdAt: Timestamp.fromMillis(Date.now() - 60_000) }));
    await assertFails(send(bob, 'bob', 'alice', { expireAt: 'later' }));
    await assertFails(send(bob, 'bob', 'alice', { expireAt: Timestamp.fromMillis(Date.now() - 1_000) }));
    await assertFails(send(bob, 'bob', 'alice', { expireAt: Timestamp.fromMillis(Date.now() + 2 * 3_600_000) }));
    await assertFails(send(bob, 'bob', 'alice', { note: 'extra field' }));
  });

  it('each reads only the signals sent to or by them, while in the call; none is changed or deleted', async () => {
    await assertSucceeds(getDocs(query(signals(as('bob')), where('to', '==', 'bob'))));
    await assertSucceeds(getDoc(doc(as('alice'), 'calls/live/signals/alice-0')));
    await assertFails(getDoc(doc(as('erin'), 'calls/live/signals/alice-0'))); // in the call, not theirs
    await assertFails(getDocs(signals(as('erin'))));
    await assertFails(getDoc(doc(as('dave'), 'calls/live/signals/alice-0')));
    await assertFails(getDoc(doc(as('bob'), 'calls/over/signals/alice-0')));
    await assertFails(getDoc(doc(anonymous(), 'calls/live/signals/alice-0')));
    await assertFails(updateDoc(doc(as('bob'), 'calls/live/signals/alice-0'), { payload: 'changed' }));
    await assertFails(deleteDoc(doc(as('alice'), 'calls/live/signals/alice-0')));
  });
});

// Last in the file (vitest runs a file's tests in order): the emulator's coverage report of every
// test above. Running this file with a filter (-t) leaves rules untested, and this test says so.
describe('coverage', () => {
  it('every rule condition, and every operand of its && and ||, was seen both allowing and denying', async () => {
    const { report, html } = await fetchCoverage(firestoreEmulator.host, firestoreEmulator.port, PROJECT_ID);
    mkdirSync('.beckon', { recursive: true });
    writeFileSync('.beckon/rules-coverage.html', html);
    writeFileSync('.beckon/rules-coverage.json', JSON.stringify(report));

    const expressions = ruleExpressions(report);
    const conditions = expressions.filter((e) => e.kind === 'condition').length;
    const gaps = expressions.filter((e) => e.allowed === 0 || e.denied === 0);
    console.log(
      `[rules coverage] ${expressions.length - gaps.length} of ${expressions.length} expressions (in ${conditions} allow conditions) ` +
        `seen both allowing and denying; report in .beckon/rules-coverage.html`,
    );
    expect(expressions.length).toBeGreaterThan(20);
    expect(gaps.map((e) => `line ${e.line}: ${e.text} (allowed ${e.allowed}, denied ${e.denied})`)).toEqual([]);
  });
});
