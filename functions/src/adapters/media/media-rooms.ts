import type { MediaSettings } from './media-issuer.js';
import { livekitRooms } from './livekit-rooms.js';

/**
 * What Beckon tells the media server when someone leaves a call or it ends. Each request is safe to
 * repeat (a retried event sends it again): someone no longer in the room, or a room already gone,
 * is done, not a failure.
 */
export interface MediaRooms {
  readonly provider: MediaSettings['provider'];
  /** Disconnects `uid` from the call's room; tokens issued before `revokeBeforeMs` no longer let them in. */
  removeParticipant(callId: string, uid: string, revokeBeforeMs: number): Promise<void>;
  /** Deletes the call's room, disconnecting whoever is left. */
  closeRoom(callId: string): Promise<void>;
}

/**
 * The rooms of the chosen provider, or undefined where there is no server-side room to close:
 * `none`, and `p2p`, whose media flows between the browsers and whose signals the rules close.
 */
export function chooseMediaRooms(settings: MediaSettings): MediaRooms | undefined {
  return settings.provider === 'livekit' && settings.livekit.apiKey && settings.livekit.apiSecret ? livekitRooms(settings) : undefined;
}
