import { isCallOver } from '../../contract/call-states.js';
import { type Call, participants } from './call.js';

/** The part of a call that says who may be in its media room. */
export type RoomView = Pick<Call, 'status' | 'callerId' | 'callerIn' | 'callees'>;

/** What one change of a call asks of its media room: who must be taken out of it, and whether it closes. */
export interface MediaRoomChange {
  /** Who was in the call before the change and is not after it (left, lost, declined after joining). */
  leaving: string[];
  /** The call is over: the room is deleted, and nobody may rejoin it. */
  close: boolean;
}

/**
 * A media server admits whoever holds a token, and keeps them connected until told otherwise (a
 * LiveKit token is checked when its holder connects, not after): so whoever leaves the call must
 * be taken out of the room, and the room closed when the call is over. Someone in the call when it
 * ends is taken out too, so that the tokens they hold cannot open the room again.
 */
export function mediaRoomChange(before: RoomView, after: RoomView): MediaRoomChange {
  const close = isCallOver(after.status) && !isCallOver(before.status);
  const stillIn = new Set(close ? [] : participants(after));
  const leaving = participants(before).filter((uid) => !stillIn.has(uid));
  return { leaving, close };
}

/** Whether `uid` is in the call now, by the call as it is when the room is changed (a retry may come after a rejoin). */
export const inRoomNow = (call: RoomView, uid: string): boolean => !isCallOver(call.status) && participants(call).includes(uid);
