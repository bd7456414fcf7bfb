import { createHmac } from 'node:crypto';
import { type Call, isCallOver, participants } from './call.js';
import { pastTimeLimit } from './call-time-limit.js';

/**
 * Who gets the call's media credentials: whoever is in it now (the caller from the moment they
 * placed it, each callee who accepted, each member who joined), while it is not over. Anyone who
 * was never in the call is refused as a stranger, whatever its state, so the refusal tells them
 * nothing; a member of an ended call is told it is over, and so is one of a call past its time
 * (`limit`: MAX_CALL_MINUTES), which the sweep is about to end.
 */
export function mediaRefusal(
  call: Call,
  uid: string,
  limit?: { nowMs: number; maxCallMs: number },
): { code: 'permission-denied' | 'failed-precondition'; reason: string } | undefined {
  const member = uid === call.callerId || call.memberIds.includes(uid);
  if (!member) return { code: 'permission-denied', reason: 'you are not in this call' };
  if (isCallOver(call.status)) return { code: 'failed-precondition', reason: `the call is ${call.status}` };
  if (limit && pastTimeLimit(call, limit.nowMs, limit.maxCallMs)) {
    return { code: 'failed-precondition', reason: 'the call reached its time limit' };
  }
  if (!participants(call).includes(uid)) return { code: 'permission-denied', reason: 'you are not in this call' };
  return undefined;
}

/**
 * The call's room at a media server: one per call, and not guessable from anything public (the
 * call's id is in history that every member of the conversation reads): an HMAC of the call's id
 * with the provider's secret. A token still grants only its own room; this keeps room names out
 * of reach of anyone who would probe the server with a leaked id.
 */
export function mediaRoomOf(callId: string, secret: string): string {
  return `beckon-${createHmac('sha256', secret).update(callId).digest('base64url').slice(0, 32)}`;
}

/**
 * TURN credentials by the TURN REST API scheme (coturn's `use-auth-secret`): the username is the
 * expiry in Unix seconds and the user, the password the base64 HMAC-SHA1 of the username with the
 * shared secret. The TURN server checks both without asking anyone.
 */
export function turnCredentials(secret: string, uid: string, expiresAtMs: number): { username: string; credential: string } {
  const username = `${Math.floor(expiresAtMs / 1000)}:${uid}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}
