import type { MediaCredentials } from '../../contract/index.js';

/** Hands out one participant's credentials for one call's media; one per provider. */
export interface MediaIssuer {
  issue(grant: MediaGrant): Promise<MediaCredentials>;
}

export interface MediaGrant {
  callId: string;
  /** The participant's Firebase uid: their identity in the room. */
  uid: string;
  /** epoch ms */
  nowMs: number;
}

/** Everything the media issuers read from the params and secrets (services.ts), passed in so tests can give their own. */
export interface MediaSettings {
  provider: 'none' | 'livekit' | 'agora' | 'p2p';
  ttlSeconds: number;
  /** `apiUrl`: LIVEKIT_API_URL, where the room service is reached; empty or absent: from `url`. */
  livekit: { url: string; apiKey: string; apiSecret: string; apiUrl?: string };
  agora: { appId: string; appCertificate: string };
  p2p: { stunUrls: string[]; turnUrls: string[]; turnSecret: string };
}

/** The settings are missing what the chosen provider needs: said once, at the first call that needs them. */
export class MediaNotConfigured extends Error {
  constructor(readonly missing: string[]) {
    super(`media is not configured: set ${missing.join(', ')}`);
    this.name = 'MediaNotConfigured';
  }
}
