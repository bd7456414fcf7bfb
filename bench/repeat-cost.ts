import { signUp } from '../test/support/client.js';
import { groupConversation, invitationFor, joinCall, leaveCall, registerDevice, respond, sendGroupCall } from '../test/support/fixtures.js';
import { totals } from './cost.js';

/** Reads and writes of one request, per callable, as one user repeats it. */
export type RepeatCost = Record<string, { reads: number; writes: number }>;

/**
 * What one user's repeats cost (issue 29: a repeated accept cost 6 reads, a repeated join into a
 * nine-person call 19): in a call of nine people (Alice rang Bob with allowJoin, seven members
 * joined), each request below sent `repeats` times by one user, counted by the functions
 * themselves. The limits a minute are the params (docs/callables.md); this is the cost of each.
 */
export async function measureRepeatCost(repeats: number): Promise<RepeatCost> {
  const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan'];
  const users = await Promise.all(names.map((name) => signUp(`Repeat ${name}`)));
  const [alice, bob, ...joiners] = users;
  if (!alice || !bob) throw new Error('sign-up failed');
  const [joiner] = joiners;
  if (!joiner) throw new Error('sign-up failed');
  await registerDevice(bob, { deviceId: 'bob-phone', platform: 'android' });
  const conversationId = await groupConversation(users);
  const sent = await sendGroupCall(alice, { calleeIds: [bob.uid], conversationId, allowJoin: true });
  const bobsInvitation = invitationFor(sent, bob);
  await bob.beckon.acknowledge(bobsInvitation, { deviceId: 'bob-phone', source: 'push' });
  await respond(bob, bobsInvitation, 'accept', 'bob-phone');
  for (const member of joiners) await joinCall(member, sent.callId);
  // Someone who left: their endCall repeats.
  await leaveCall(joiner, sent.callId);

  const requests: [string, () => Promise<unknown>][] = [
    ['respondToCallInvitation', () => respond(bob, bobsInvitation, 'accept', 'bob-phone')],
    ['joinCall', () => joinCall(joiners[1] as typeof bob, sent.callId)],
    ['getMediaCredentials', () => bob.beckon.getMediaCredentials(sent.callId).catch(() => undefined)],
    ['registerDevice', () => registerDevice(bob, { deviceId: 'bob-phone', platform: 'android', fcmToken: 'repeat-token' })],
    ['acknowledgeCallInvitation', () => bob.beckon.acknowledge(bobsInvitation, { deviceId: 'bob-phone', source: 'push' })],
    ['endCall', () => leaveCall(joiner, sent.callId)],
  ];
  const cost: RepeatCost = {};
  for (const [name, request] of requests) {
    const before = await totals();
    for (let i = 0; i < repeats; i++) await request();
    const after = await totals();
    const was = before[name] ?? { reads: 0, writes: 0 };
    const now = after[name] ?? { reads: 0, writes: 0 };
    cost[name] = { reads: (now.reads - was.reads) / repeats, writes: (now.writes - was.writes) / repeats };
  }
  await leaveCall(alice, sent.callId, true);
  return cost;
}
