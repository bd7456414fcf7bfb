import { createRequire } from 'node:module';
import { TokenVerifier } from 'livekit-server-sdk';

// Each provider's tokens read back with that provider's own library, never decoded by hand.

/** LiveKit's own verifier: the signature with the API key's secret, the expiry, and the claims. */
export async function livekitTokenClaims(token: string, apiKey: string, apiSecret: string) {
  return new TokenVerifier(apiKey, apiSecret).verify(token);
}

/** The part of agora-token's AccessToken2 parser the tests read (the package types only its builders). */
interface AgoraToken {
  /** The parser keeps strings as the bytes it read. */
  appId: Buffer | string;
  issueTs: number;
  expire: number;
  from_string(token: string): boolean;
  verifySignature(appCertificate: string): boolean;
  getServices(type: number): { __channel_name: Buffer | string; __uid: Buffer | string; __privileges: Record<string, number> }[];
}

const require = createRequire(import.meta.url);
const { AccessToken2, kRtcServiceType } = require('agora-token/src/AccessToken2') as {
  AccessToken2: new () => AgoraToken;
  kRtcServiceType: number;
};

const RTC_PRIVILEGES: Record<string, string> = {
  1: 'joinChannel',
  2: 'publishAudioStream',
  3: 'publishVideoStream',
  4: 'publishDataStream',
};

/** Agora's AccessToken2 parsed by Agora's package, and its signature checked with the App Certificate. */
export function agoraTokenClaims(token: string, appCertificate: string) {
  const parsed = new AccessToken2();
  if (!parsed.from_string(token)) throw new Error('not an Agora AccessToken2');
  const [rtc, ...more] = parsed.getServices(kRtcServiceType);
  if (!rtc || more.length > 0) throw new Error('expected one RTC service in the token');
  return {
    appId: parsed.appId.toString(),
    /** epoch seconds */
    expiresAt: parsed.issueTs + parsed.expire,
    channel: rtc.__channel_name.toString(),
    account: rtc.__uid.toString(),
    /** Each privilege and how long after issue it lasts, in seconds. */
    privileges: Object.fromEntries(Object.entries(rtc.__privileges).map(([id, seconds]) => [RTC_PRIVILEGES[id] ?? id, seconds])),
    signatureValid: parsed.verifySignature(appCertificate),
  };
}
