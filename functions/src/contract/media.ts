import { z } from 'zod';
import { idSchema } from './ids.js';

/**
 * Where the call's media goes. `none`: Beckon hands out no credentials (the app has its own media
 * backend); `livekit` and `agora`: a room token of that provider; `p2p`: no media server, the
 * browsers connect with WebRTC and Firestore carries the signaling (`calls/{callId}/signals`).
 */
export const mediaProviders = ['none', 'livekit', 'agora', 'p2p'] as const;
export type MediaProviderName = (typeof mediaProviders)[number];

/** One ICE server, as `RTCPeerConnection`'s `iceServers` takes it. */
export const iceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

/**
 * Credentials for one call's media room, for one participant. The token grants joining that room
 * only (publishing and subscribing) until `expiresAt`; ask `getMediaCredentials` for a fresh one
 * before then.
 */
export const mediaCredentialsSchema = z.object({
  provider: z.enum(['livekit', 'agora', 'p2p']),
  /** The call's room (LiveKit room, Agora channel; for p2p the call's id, under which signals go). */
  room: z.string(),
  /** Who you are in the room: your Firebase uid (Agora: the user account). */
  identity: z.string(),
  /** The provider's token (LiveKit JWT, Agora AccessToken2); empty for p2p, which has no server to show it to. */
  token: z.string(),
  /** Where to connect: the LiveKit server's URL; absent for the others. */
  url: z.string().optional(),
  /** epoch ms: when the token (and TURN credentials) stop working. */
  expiresAt: z.number().int(),
  /** p2p: STUN and TURN servers for RTCPeerConnection, TURN with time-limited credentials. */
  iceServers: z.array(iceServerSchema).optional(),
});
export type MediaCredentials = z.infer<typeof mediaCredentialsSchema>;

export const getMediaCredentialsRequestSchema = z.object({ callId: idSchema });
export type GetMediaCredentialsRequest = z.infer<typeof getMediaCredentialsRequestSchema>;

export const getMediaCredentialsResponseSchema = mediaCredentialsSchema;
export type GetMediaCredentialsResponse = MediaCredentials;
