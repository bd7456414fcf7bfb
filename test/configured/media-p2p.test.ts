import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteClientApps, signUp } from '../support/client.js';
import {
  callError,
  groupConversation,
  joinCall,
  leaveCall,
  respond,
  invitationFor,
  sendGroupCall,
  sendInvitation,
  ringingFor,
} from '../support/fixtures.js';
import { requireParams } from '../support/params.js';

// This boot runs MEDIA_PROVIDER=p2p with STUN and TURN, its TURN secret given to the launcher as an
// environment variable (CONFIGURED_PARAMS in scripts/test-runs.mjs): accept, joinCall and
// getMediaCredentials answer media through the callables, as an app sees them.
const P2P_TURN_SECRET = 'configured-turn-shared-secret';
beforeAll(() => requireParams({ MEDIA_PROVIDER: 'p2p', P2P_TURN_SECRET, MEDIA_TOKEN_TTL_SECONDS: '300' }));
afterAll(deleteClientApps);

const ttlMs = 300_000;

/** What coturn checks with use-auth-secret: the username "<expiry>:<user>", the password base64(HMAC-SHA1(secret, username)). */
const turnPasswordOf = (username: string) => createHmac('sha1', P2P_TURN_SECRET).update(username).digest('base64');

describe('media credentials through the callables (MEDIA_PROVIDER=p2p)', () => {
  it('an accept from the incoming-calls listener hands over the call and the media the server answered', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const [ringing] = await ringingFor(bob, 1);
    const accepted = await ringing?.accept();
    expect(accepted).toMatchObject({
      callId: sent.callId,
      roomId: sent.roomId,
      media: { provider: 'p2p', room: sent.callId, identity: bob.uid },
    });
  });

  it('an accept answers the call’s room with STUN and TURN; the caller asks for theirs; a stranger is refused', async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const before = Date.now();
    const accepted = await respond(bob, sent.invitationId, 'accept');
    if (accepted.status !== 'accepted') throw new Error('expected an accept');
    const { media } = accepted;
    expect(media).toMatchObject({ provider: 'p2p', room: sent.callId, identity: bob.uid, token: '' });
    expect(media?.expiresAt).toBeGreaterThanOrEqual(before + ttlMs);
    expect(media?.expiresAt).toBeLessThanOrEqual(Date.now() + ttlMs);
    const [stun, turn] = media?.iceServers ?? [];
    expect(stun).toEqual({ urls: ['stun:stun.beckon.test:3478'] });
    expect(turn?.urls).toEqual(['turn:turn.beckon.test:3478?transport=udp', 'turns:turn.beckon.test:5349']);
    expect(turn?.username).toBe(`${Math.floor((media?.expiresAt ?? 0) / 1000)}:${bob.uid}`);
    expect(turn?.credential).toBe(turnPasswordOf(turn?.username ?? ''));

    const forAlice = await alice.beckon.getMediaCredentials(sent.callId);
    expect(forAlice).toMatchObject({ provider: 'p2p', room: sent.callId, identity: alice.uid });
    expect(forAlice.iceServers?.[1]?.credential).toBe(turnPasswordOf(forAlice.iceServers?.[1]?.username ?? ''));
    expect(await callError(mallory.beckon.getMediaCredentials(sent.callId))).toMatchObject({ code: 'permission-denied' });

    await leaveCall(bob, sent.callId);
    expect(await callError(alice.beckon.getMediaCredentials(sent.callId))).toMatchObject({ code: 'failed-precondition' });
  });

  it('joinCall answers media too', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const conversationId = await groupConversation([alice, bob, carol]);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
    await respond(bob, invitationFor(sent, bob), 'accept');
    await respond(carol, invitationFor(sent, carol), 'decline');
    const joined = await joinCall(carol, sent.callId);
    expect(joined.media).toMatchObject({ provider: 'p2p', room: sent.callId, identity: carol.uid });
    await leaveCall(alice, sent.callId, true);
  });
});
