import { mediaRoomOf } from '../../domain/call/media-access.js';
import { RefusedByService } from '../../domain/errors/retryable-error.js';
import type { MediaSettings } from './media-issuer.js';
import type { MediaRooms } from './media-rooms.js';
import { lazy } from '../../lazy.js';

/**
 * The LiveKit server's HTTP API: LIVEKIT_API_URL when set (a private address for the server, say),
 * else LIVEKIT_URL with ws → http and wss → https, as LiveKit's own SDK derives it.
 */
export function livekitApiUrl({ url, apiUrl }: MediaSettings['livekit']): string {
  return apiUrl || url.replace(/^ws(s?):\/\//, 'http$1://');
}

/** A Twirp "not_found": the participant already left the room, or the room is already gone. */
const isNotFound = (error: unknown): boolean =>
  (error as { code?: unknown }).code === 'not_found' || (error as { status?: unknown }).status === 404;

/**
 * Room service requests through livekit-server-sdk's RoomServiceClient (loaded on the first, so no
 * other function pays for it), signed with the project's key: `roomAdmin` for the call's room to
 * remove someone, `roomCreate` to delete it.
 */
export function livekitRooms(settings: MediaSettings): MediaRooms {
  const { livekit } = settings;
  // One client for all of an event's requests (everyone it takes out, then the room's deletion).
  const client = lazy(async () => {
    const { RoomServiceClient } = await import('livekit-server-sdk');
    return new RoomServiceClient(livekitApiUrl(livekit), livekit.apiKey, livekit.apiSecret);
  });
  const room = (callId: string) => mediaRoomOf(callId, livekit.apiSecret);
  // Gone is done; a 4xx other than a timeout or a rate limit is a refusal another try would meet
  // again (a wrong key); anything else (5xx, the network) is worth retrying.
  const doneIfGone = (error: unknown) => {
    if (isNotFound(error)) return;
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw new RefusedByService(`LiveKit refused the request (${status}): ${(error as Error).message}`, status);
    }
    throw error;
  };
  return {
    provider: 'livekit',
    async removeParticipant(callId, uid, revokeBeforeMs) {
      // LiveKit refuses tokens whose nbf (their issue time, in seconds) is before revokeTokenTs; a
      // token issued in the same second as the leave still works, so a rejoin right after works too.
      const revokeTokenTs = BigInt(Math.floor(revokeBeforeMs / 1000));
      await (await client()).removeParticipant(room(callId), uid, { revokeTokenTs }).catch(doneIfGone);
    },
    async closeRoom(callId) {
      await (await client()).deleteRoom(room(callId)).catch(doneIfGone);
    },
  };
}
