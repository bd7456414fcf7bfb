import { z } from 'zod';
import { idSchema } from './ids.js';
import type { InvitationStatus, SystemMessageView } from './invitations.js';

/** A group call's system message: the whole call in `call`; no one-to-one `callInvitation`. */
export type GroupSystemMessageView = Omit<SystemMessageView, 'callInvitation' | 'call'> & { call: CallSummary };

/** At most this many callees in one call: with the caller, nine people, as group calling apps allow. */
export const MAX_CALLEES = 8;

/**
 * The whole call's status, on `calls/{callId}`: `ringing` until a callee accepts, `active` while
 * anyone is in it, then `ended`. A call nobody ever joined ends `missed`, `declined`, `cancelled`
 * or `busy` (see callOutcome in domain/group-call.ts).
 */
export const callStatuses = ['ringing', 'active', 'ended', 'missed', 'declined', 'cancelled', 'busy'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** One callee's part in a call. `left`: was in the call and left it (or it ended around them). */
export const calleeStates = ['ringing', 'accepted', 'declined', 'missed', 'busy', 'cancelled', 'left'] as const;
export type CalleeState = (typeof calleeStates)[number];

/** Each callee's invitation, in the answer to sendCallInvitation. */
export interface CalleeInvitation {
  calleeId: string;
  invitationId: string;
  status: InvitationStatus;
}

/** What a group call answers (more than one callee); one callee gets SendCallInvitationResponse. */
export interface SendGroupCallInvitationResponse {
  callId: string;
  conversationId: string;
  roomId: string;
  /** The call's status: `ringing`, or `busy` when every callee was already in a call. */
  status: CallStatus;
  /** epoch ms: when the rings time out */
  expiresAt: number;
  systemMessage: GroupSystemMessageView;
  /** One per callee rung; a callee who blocked the caller is left out. */
  invitations: CalleeInvitation[];
}

/** `{ callId }`: the whole call, for cancelCallInvitation, endCall and joinCall. */
export const callIdSchema = idSchema;

export const joinCallRequestSchema = z.object({
  callId: idSchema,
  /** The joining device (its `registerDevice` id), kept on the user's `activeCalls` entry. */
  deviceId: idSchema.optional(),
});
export type JoinCallRequest = z.infer<typeof joinCallRequestSchema>;

export interface JoinCallResponse {
  status: 'active';
  callId: string;
  roomId: string;
  conversationId: string;
}

/** What the system message of a call carries about the whole call, updated as it changes. */
export interface CallSummary {
  callId: string;
  status: CallStatus;
  callerId: string;
  /** Every callee's state (including members who joined later, as `accepted`, then `left`). */
  callees: Record<string, CalleeState>;
  /** Whether other members of the conversation may join while the call is active. */
  allowJoin: boolean;
  /** Set when a call somebody joined has ended: from the first accept to the end. */
  durationSeconds?: number;
}
