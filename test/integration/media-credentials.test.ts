import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { chooseMedia } from '../../functions/src/adapters/media/choose-media.js';
import type { MediaSettings } from '../../functions/src/adapters/media/media-issuer.js';
import { getMediaCredentials } from '../../functions/src/handlers/media-credentials.js';
import { adminDb } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import {
  callError,
  groupConversation,
  joinCall,
  leaveCall,
  respond,
  invitationFor,
  sendGroupCall,
  sendInvitation,
} from '../support/fixtures.js';
import { agoraTokenClaims, livekitTokenClaims } from '../support/media-tokens.js';

afterAll(deleteClientApps);

// The emulators of `npm test` run with MEDIA_PROVIDER=none: through the callables, accept and
// joinCall answer as they always did. Each provider's credentials are then asked of the handler
// with that provider's settings, for calls made by real clients on the emulators, and every token
// is checked with the provider's own library.

const settings = (provider: MediaSettings['provider']): MediaSettings => ({
  provider,
  ttlSeconds: 600,
  livekit: { url: 'wss://livekit.beckon.test', apiKey: 'APIbeckonTest', apiSecret: 'livekit-secret-of-at-least-32-characters' },
  agora: { appId: '970ca35de60c44645bbae8a215061b33', appCertificate: '5cfd2fd1755d40ecb72977518be15d3b' },
  p2p: {
    stunUrls: ['stun:stun.beckon.test:3478'],
    turnUrls: ['turn:turn.beckon.test:3478?transport=udp'],
    turnSecret: 'turn-shared-secret',
  },
});

const credentialsOf = (provider: MediaSettings['provider'], callId: string, user: AppUser, now = Date.now()) =>
  getMediaCredentials({ store: collections(adminDb()), media: () => chooseMedia(settings(provider)), now: () => now }, callId, user.uid);

async function acceptedCall() {
  const [alice, bob] = await Promise.all([signUp(), signUp()]);
  const sent = await sendInvitation(alice, { calleeId: bob.uid });
  const accepted = await respond(bob, sent.invitationId, 'accept');
  return { alice, bob, sent, accepted, callId: sent.callId };
}

describe('media credentials with MEDIA_PROVIDER=none (the emulators of npm test)', () => {
  it('leaves the accept and join answers as they were, and getMediaCredentials says there is no provider', async () => {
    const { alice, accepted, callId } = await acceptedCall();
    expect(accepted).not.toHaveProperty('media');
    const refused = await callError(alice.beckon.getMediaCredentials(callId));
    expect(refused).toMatchObject({ code: 'failed-precondition' });
    expect(refused.message).toContain('MEDIA_PROVIDER is none');
  });
});

describe('media credentials, per provider', () => {
  it('LiveKit: a token for the call’s room only, as the participant, verified by LiveKit’s own verifier', async () => {
    const { alice, bob, callId } = await acceptedCall();
    const now = Date.now();
    const [forAlice, forBob] = await Promise.all([
      credentialsOf('livekit', callId, alice, now),
      credentialsOf('livekit', callId, bob, now),
    ]);
    const { livekit } = settings('livekit');
    for (const [media, user] of [
      [forAlice, alice],
      [forBob, bob],
    ] as const) {
      expect(media).toMatchObject({ provider: 'livekit', identity: user.uid, url: livekit.url, expiresAt: now + 600_000 });
      expect(media.room).not.toContain(callId);
      const claims = await livekitTokenClaims(media.token, livekit.apiKey, livekit.apiSecret);
      expect(claims.sub).toBe(user.uid);
      expect(claims.video).toEqual({ room: media.room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
      expect(claims.exp).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 590);
      expect(claims.exp).toBeLessThanOrEqual(Math.floor(now / 1000) + 610);
      await expect(livekitTokenClaims(media.token, livekit.apiKey, 'a-wrong-secret-of-at-least-32-characters')).rejects.toThrow();
    }
    // One room per call: both are in the same one, and another call has another.
    expect(forBob.room).toBe(forAlice.room);
    const other = await acceptedCall();
    expect((await credentialsOf('livekit', other.callId, other.alice)).room).not.toBe(forAlice.room);
  });

  it('Agora: an AccessToken2 for the call’s channel and the participant’s account, read back with the certificate', async () => {
    const { bob, callId } = await acceptedCall();
    const now = Date.now();
    const media = await credentialsOf('agora', callId, bob, now);
    const { agora } = settings('agora');
    expect(media).toMatchObject({ provider: 'agora', identity: bob.uid, expiresAt: now + 600_000 });
    expect(media).not.toHaveProperty('url');
    const claims = agoraTokenClaims(media.token, agora.appCertificate);
    expect(claims).toMatchObject({ appId: agora.appId, channel: media.room, account: bob.uid, signatureValid: true });
    expect(claims.expiresAt).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 599);
    expect(claims.expiresAt).toBeLessThanOrEqual(Math.floor(now / 1000) + 601);
    expect(Object.keys(claims.privileges).sort()).toEqual(['joinChannel', 'publishAudioStream', 'publishDataStream', 'publishVideoStream']);
    for (const expires of Object.values(claims.privileges)) expect(expires).toBe(600);
    expect(agoraTokenClaims(media.token, '00000000000000000000000000000000').signatureValid).toBe(false);
  });

  it('p2p: the call’s id as the room, no token, STUN and TURN with credentials by the TURN REST scheme', async () => {
    const { alice, callId } = await acceptedCall();
    const now = Date.now();
    const media = await credentialsOf('p2p', callId, alice, now);
    expect(media).toMatchObject({ provider: 'p2p', room: callId, identity: alice.uid, token: '', expiresAt: now + 600_000 });
    const [stun, turn] = media.iceServers ?? [];
    expect(stun).toEqual({ urls: ['stun:stun.beckon.test:3478'] });
    expect(turn?.urls).toEqual(['turn:turn.beckon.test:3478?transport=udp']);
    // What coturn checks with use-auth-secret: "<expiry>:<user>", and base64(HMAC-SHA1(secret, username)).
    expect(turn?.username).toBe(`${Math.floor((now + 600_000) / 1000)}:${alice.uid}`);
    const expected = createHmac('sha1', 'turn-shared-secret')
      .update(turn?.username ?? '')
      .digest('base64');
    expect(turn?.credential).toBe(expected);
  });

  it('refuses a provider whose settings are incomplete, naming no secret to the app', async () => {
    const { alice, callId } = await acceptedCall();
    const incomplete = { ...settings('livekit'), livekit: { url: 'wss://x', apiKey: '', apiSecret: 'secret' } };
    const refused = getMediaCredentials(
      { store: collections(adminDb()), media: () => chooseMedia(incomplete), now: Date.now },
      callId,
      alice.uid,
    );
    await expect(refused).rejects.toMatchObject({ code: 'failed-precondition', message: expect.stringContaining('not configured') });
  });
});

describe('who gets credentials', () => {
  it('the caller from the moment they placed the call; a callee only once they accepted; never a stranger', async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    const callId = sent.callId;
    expect((await credentialsOf('livekit', callId, alice)).identity).toBe(alice.uid);
    await expect(credentialsOf('livekit', callId, bob)).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(credentialsOf('livekit', callId, mallory)).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(credentialsOf('livekit', 'no-such-call', alice)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('in a group call: whoever is in it, a member who joined, not a callee who declined or one who left; nobody once it ended', async () => {
    const [alice, bob, carol, dave] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const conversationId = await groupConversation([alice, bob, carol, dave]);
    const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid, dave.uid], conversationId });
    await respond(bob, invitationFor(sent, bob), 'accept');
    await respond(carol, invitationFor(sent, carol), 'accept');
    await respond(dave, invitationFor(sent, dave), 'decline');
    const { callId } = sent;
    expect((await credentialsOf('agora', callId, carol)).identity).toBe(carol.uid);
    await expect(credentialsOf('agora', callId, dave)).rejects.toMatchObject({ code: 'permission-denied' });
    await joinCall(dave, callId);
    expect((await credentialsOf('agora', callId, dave)).identity).toBe(dave.uid);

    await leaveCall(carol, callId);
    await expect(credentialsOf('agora', callId, carol)).rejects.toMatchObject({ code: 'permission-denied' });
    await leaveCall(alice, callId, true);
    for (const user of [alice, bob, dave]) {
      await expect(credentialsOf('agora', callId, user)).rejects.toMatchObject({ code: 'failed-precondition' });
    }
  });
});
