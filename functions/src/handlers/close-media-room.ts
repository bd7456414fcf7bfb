import type { Collections } from '../adapters/firestore/collections.js';
import { callOf } from '../adapters/firestore/call-mapping.js';
import type { MediaRooms } from '../adapters/media/media-rooms.js';
import { type MediaRoomChange, inRoomNow } from '../domain/call/media-room.js';
import { logEvent } from '../logs.js';

export interface MediaRoomDeps {
  store: Collections;
  mediaRooms(): MediaRooms | undefined;
}

/** What the trigger saw change: who left the call, whether it ended, and when (the revocation counts from then). */
export interface MediaRoomEvent extends MediaRoomChange {
  callId: string;
  /** epoch ms of the call's change: tokens issued before it no longer open the room for those who left. */
  changedAtMs: number;
}

/**
 * Takes whoever left the call out of its media room, and deletes the room once the call is over.
 * Run by a retried trigger: a media server that fails is asked again, and the call's own state
 * never waits for it. Someone who came back into the call before this ran (a retry, much later)
 * is left in.
 */
export async function closeMediaRoom(deps: MediaRoomDeps, event: MediaRoomEvent): Promise<void> {
  const rooms = deps.mediaRooms();
  if (!rooms || (event.leaving.length === 0 && !event.close)) return;
  const { callId, changedAtMs } = event;
  let leaving = event.leaving;
  if (!event.close && leaving.length > 0) {
    const doc = (await deps.store.call(callId).get()).data();
    const call = doc && callOf(callId, doc);
    leaving = call ? leaving.filter((uid) => !inRoomNow(call, uid)) : leaving;
  }
  // Taken out one by one before the room goes: deleting it disconnects them, but only a removal
  // revokes the tokens they hold, which could otherwise open the room again.
  await Promise.all(leaving.map((uid) => rooms.removeParticipant(callId, uid, changedAtMs)));
  if (leaving.length > 0) logEvent('media.participants_removed', { callId, provider: rooms.provider, uids: leaving });
  if (event.close) {
    await rooms.closeRoom(callId);
    logEvent('media.room_closed', { callId, provider: rooms.provider });
  }
}
