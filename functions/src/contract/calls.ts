import { z } from 'zod';
import { idSchema } from './ids.js';

export { DEFAULT_MAX_CALL_PARTICIPANTS, MAX_CALLEES } from './call-limits.js';

/**
 * The whole call's status, on `calls/{callId}`: `ringing` until a callee accepts, `active` while
 * anyone is in it, then `ended`. A call nobody ever joined ends `missed`, `declined`, `cancelled`
 * or `busy` (see callOutcome in domain/call/call.ts).
 */
export const callStatuses = ['ringing', 'active', 'ended', 'missed', 'declined', 'cancelled', 'busy'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** One callee's part in a call. `left`: was in the call and left it (or it ended around them). */
export const calleeStates = ['ringing', 'accepted', 'declined', 'missed', 'busy', 'cancelled', 'left'] as const;
export type CalleeState = (typeof calleeStates)[number];

/**
 * Why an active call ended: `hung_up`, someone left and fewer than two were left (or the caller
 * ended it for everyone); `lost`, a participant's app went silent (no heartbeat) and took the call
 * below two; `time_limit`, it went on for MAX_CALL_MINUTES (default 240) since its first accept.
 */
export const callEndedReasons = ['hung_up', 'lost', 'time_limit'] as const;
export type CallEndedReason = (typeof callEndedReasons)[number];

/** `{ callId }`: the whole call, for cancelCallInvitation, endCall and joinCall. */
export const callIdSchema = idSchema;

export const joinCallRequestSchema = z.object({
  callId: idSchema,
  /** The joining device (its `registerDevice` id), kept on the user's `activeCalls` entry. */
  deviceId: idSchema.optional(),
});
export type JoinCallRequest = z.infer<typeof joinCallRequestSchema>;
