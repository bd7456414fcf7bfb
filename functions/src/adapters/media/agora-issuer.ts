import { mediaRoomOf } from '../../domain/call/media-access.js';
import type { MediaIssuer, MediaSettings } from './media-issuer.js';

/**
 * Agora RTC tokens (AccessToken2) built by Agora's own `agora-token` package, loaded on first use.
 * The channel is the call's room, the user account the Firebase uid; the token and its join,
 * publish and subscribe privileges expire together.
 */
export function agoraIssuer({ agora, ttlSeconds }: MediaSettings): MediaIssuer {
  return {
    async issue({ callId, uid, nowMs }) {
      const { RtcRole, RtcTokenBuilder } = (await import('agora-token')).default;
      const room = mediaRoomOf(callId, agora.appCertificate);
      const token = RtcTokenBuilder.buildTokenWithUserAccount(
        agora.appId,
        agora.appCertificate,
        room,
        uid,
        RtcRole.PUBLISHER,
        ttlSeconds,
        ttlSeconds,
      );
      return { provider: 'agora', room, identity: uid, token, expiresAt: nowMs + ttlSeconds * 1000 };
    },
  };
}
