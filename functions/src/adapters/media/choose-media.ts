import { agoraIssuer } from './agora-issuer.js';
import { livekitIssuer } from './livekit-issuer.js';
import { type MediaIssuer, MediaNotConfigured, type MediaSettings } from './media-issuer.js';
import { p2pIssuer } from './p2p-issuer.js';

/** The issuer of the chosen provider, or undefined for `none`; throws MediaNotConfigured when a setting it needs is empty. */
export function chooseMedia(settings: MediaSettings): MediaIssuer | undefined {
  const missing = (required: Record<string, string>) => Object.entries(required).flatMap(([name, value]) => (value ? [] : [name]));
  switch (settings.provider) {
    case 'none':
      return undefined;
    case 'livekit': {
      const { url, apiKey, apiSecret } = settings.livekit;
      const unset = missing({ LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
      if (unset.length > 0) throw new MediaNotConfigured(unset);
      return livekitIssuer(settings);
    }
    case 'agora': {
      const unset = missing({ AGORA_APP_ID: settings.agora.appId, AGORA_APP_CERTIFICATE: settings.agora.appCertificate });
      if (unset.length > 0) throw new MediaNotConfigured(unset);
      return agoraIssuer(settings);
    }
    case 'p2p': {
      const { turnUrls, turnSecret } = settings.p2p;
      if (turnUrls.length > 0 && !turnSecret) throw new MediaNotConfigured(['P2P_TURN_SECRET']);
      return p2pIssuer(settings);
    }
  }
}
