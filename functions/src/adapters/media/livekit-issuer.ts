import { mediaRoomOf } from '../../domain/call/media-access.js';
import type { MediaIssuer, MediaSettings } from './media-issuer.js';

/**
 * LiveKit room tokens, signed with the project's API key and secret by LiveKit's own server SDK
 * (loaded on the first token, so other functions' cold starts never pay for it). The token lets its
 * holder join the call's room only, and publish and subscribe there; nothing else.
 */
export function livekitIssuer({ livekit, ttlSeconds }: MediaSettings): MediaIssuer {
  return {
    async issue({ callId, uid, nowMs }) {
      const { AccessToken } = await import('livekit-server-sdk');
      const room = mediaRoomOf(callId, livekit.apiSecret);
      const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: uid, ttl: ttlSeconds });
      token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
      return {
        provider: 'livekit',
        room,
        identity: uid,
        token: await token.toJwt(),
        url: livekit.url,
        expiresAt: nowMs + ttlSeconds * 1000,
      };
    },
  };
}
