import type { IceServer } from '../../contract/index.js';
import { turnCredentials } from '../../domain/call/media-access.js';
import type { MediaIssuer, MediaSettings } from './media-issuer.js';

/**
 * Peer to peer: no media server and no token. The room is the call's id, under which the
 * participants exchange their WebRTC signals (`calls/{callId}/signals`, guarded by the rules); the
 * answer carries the ICE servers, TURN with credentials that expire with the grant.
 */
export function p2pIssuer({ p2p, ttlSeconds }: MediaSettings): MediaIssuer {
  return {
    async issue({ callId, uid, nowMs }) {
      const expiresAt = nowMs + ttlSeconds * 1000;
      const iceServers: IceServer[] = [];
      if (p2p.stunUrls.length > 0) iceServers.push({ urls: p2p.stunUrls });
      if (p2p.turnUrls.length > 0) iceServers.push({ urls: p2p.turnUrls, ...turnCredentials(p2p.turnSecret, uid, expiresAt) });
      return { provider: 'p2p', room: callId, identity: uid, token: '', expiresAt, iceServers };
    },
  };
}
