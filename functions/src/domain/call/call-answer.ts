import type {
  CallStatus,
  GroupSystemMessageView,
  SendCallInvitationResponse,
  SendGroupCallInvitationResponse,
} from '../../contract/index.js';
import { type Invitation, type SystemMessage, sendCallInvitationResponse } from './invitation.js';

/** What sendCallInvitation answers: the one-to-one shape or the group shape (see isGroupCall). */
export type SendCallAnswer = SendCallInvitationResponse | SendGroupCallInvitationResponse;

/**
 * A one-to-one call (its history line has a `callInvitation`): the one-to-one answer (plus callId
 * and invitations). A group call: the group answer, listing every callee asked in the order given,
 * `unavailable` for one who was not rung.
 */
export function answerOf(
  callId: string,
  askedIds: string[],
  invitations: Invitation[],
  status: CallStatus,
  message: SystemMessage | GroupSystemMessageView,
): SendCallAnswer {
  const [first] = invitations;
  if (!first) throw new Error(`call ${callId} has no invitation`);
  if ('callInvitation' in message) return sendCallInvitationResponse(first, message);
  const byCallee = new Map(invitations.map((invitation) => [invitation.calleeId, invitation]));
  return {
    callId,
    conversationId: first.conversationId,
    roomId: first.roomId,
    status,
    expiresAt: first.expiresAt,
    systemMessage: message,
    invitations: askedIds.map((calleeId) => {
      const invitation = byCallee.get(calleeId);
      return invitation
        ? { calleeId, invitationId: invitation.id, status: invitation.status }
        : { calleeId, status: 'unavailable' as const };
    }),
  };
}
