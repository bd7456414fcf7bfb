import { onDocumentUpdated } from 'firebase-functions/firestore';
import { REGION, livekitApiSecret, mediaProvider } from '../config.js';
import { paths } from '../adapters/firestore/paths.js';
import type { RoomView } from '../domain/call/media-room.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/** The fields of a call document that say who is in it; undefined for one that does not have them. */
function roomViewOf(data: Record<string, unknown> | undefined): RoomView | undefined {
  if (!data || typeof data.callerId !== 'string' || typeof data.callees !== 'object' || data.callees === null) return undefined;
  return {
    status: data.status as RoomView['status'],
    callerId: data.callerId,
    callerIn: data.callerState === 'in',
    callees: data.callees as RoomView['callees'],
  };
}

/**
 * Takes whoever leaves a call out of its media room, and deletes the room when the call is over
 * (handlers/close-media-room.ts), with MEDIA_PROVIDER=livekit. Most updates of a call change nobody's part (a join, an answer
 * that keeps the others in): those end here, without loading anything.
 */
export const closeMediaRoom = onDocumentUpdated(
  { document: `${paths.calls}/{callId}`, region: REGION, secrets: [livekitApiSecret], ...RETRIED },
  async (event) => {
    // Only LiveKit keeps rooms Beckon must close (Agora's tokens run out; p2p's media is the browsers').
    if (mediaProvider.value() !== 'livekit') return;
    const before = roomViewOf(event.data?.before.data());
    const after = roomViewOf(event.data?.after.data());
    if (!before || !after) return;
    const { mediaRoomChange } = await import('../domain/call/media-room.js');
    const change = mediaRoomChange(before, after);
    if (change.leaving.length === 0 && !change.close) return;
    await handleEvent('closeMediaRoom', { callId: event.params.callId, ...change, changedAtMs: Date.parse(event.time) }, event);
  },
);
