import { createHash } from 'node:crypto';

/**
 * The direct conversation of two users has one id whoever calls whom. Uids may hold any
 * character but "/", so they are hashed rather than joined with a separator that could collide.
 */
export function directConversationId(uidA: string, uidB: string): string {
  const [first, second] = [uidA, uidB].sort();
  const digest = createHash('sha256').update(`${first}\u0000${second}`).digest('hex');
  return `direct_${digest.slice(0, 40)}`;
}

/** A retried request maps to the same invitation document, so a retry can never create a second one. */
export function idempotentCallId(callerId: string, requestId: string): string {
  const digest = createHash('sha256').update(`${callerId}\u0000${requestId}`).digest('hex');
  return `req_${digest.slice(0, 40)}`;
}

/** Each callee's invitation in a group call: derived from the call, so a retried request makes the same ones. */
export function groupInvitationId(callId: string, calleeId: string): string {
  const digest = createHash('sha256').update(`${callId}\u0000${calleeId}`).digest('hex');
  return `inv_${digest.slice(0, 40)}`;
}

/** One-to-one: the invitation's id is the call's (as before calls existed). A group call: one derived id each. */
export function invitationIdsFor(callId: string, calleeIds: string[], group: boolean): Record<string, string> {
  if (!group) return Object.fromEntries(calleeIds.map((uid) => [uid, callId]));
  return Object.fromEntries(calleeIds.map((uid) => [uid, groupInvitationId(callId, uid)]));
}
