import { onDocumentCreated } from 'firebase-functions/firestore';
import { REGION, livekitApiSecret } from '../config.js';
import { paths } from '../adapters/firestore/paths.js';
import { RETRIED, handleEvent } from '../event-trigger.js';

/**
 * Takes whoever left a call out of its media room, and deletes the room once the call is over
 * (handlers/close-media-room.ts): from the record each such change of a call writes with itself
 * (adapters/firestore/call-writes.ts), with MEDIA_PROVIDER=livekit only, so other providers'
 * calls fire nothing.
 */
export const closeMediaRoom = onDocumentCreated(
  { document: `${paths.mediaRoomChanges}/{changeId}`, region: REGION, secrets: [livekitApiSecret], ...RETRIED },
  async (event) => {
    const data = event.data?.data();
    if (!data || typeof data.callId !== 'string') return;
    const leaving = Array.isArray(data.leaving) ? data.leaving.filter((uid): uid is string => typeof uid === 'string') : [];
    const changedAtMs = typeof data.changedAt?.toMillis === 'function' ? (data.changedAt.toMillis() as number) : Date.parse(event.time);
    await handleEvent('closeMediaRoom', { callId: data.callId, leaving, close: data.close === true, changedAtMs }, event);
  },
);
