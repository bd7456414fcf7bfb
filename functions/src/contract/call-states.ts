import type { CalleeState, CallStatus } from './calls.js';
import type { InvitationStatus } from './invitations.js';

// Values both ends of the contract need at run time: the server decides with them, and the client
// library reads the same documents with them. Plain constants and functions, no zod: an app's
// bundle takes only what it uses.

const CALLEE_STATE: Record<InvitationStatus, CalleeState> = {
  ringing: 'ringing',
  accepted: 'accepted',
  declined: 'declined',
  cancelled: 'cancelled',
  missed: 'missed',
  ended: 'left',
  busy: 'busy',
};

/** A callee's part in the call, from the status of their invitation. */
export const calleeStateOf = (status: InvitationStatus): CalleeState => CALLEE_STATE[status];

/** Whether the call is over, whatever its outcome. */
export const isCallOver = (status: CallStatus): boolean => status !== 'ringing' && status !== 'active';

/** How often an app in a call beats, and how long a silent one keeps its call, unless the operator set them. */
export const LIVENESS_DEFAULTS = { heartbeatSeconds: 30, timeoutSeconds: 90 } as const;

/** A presence heartbeat older than this means the app is gone, whatever `state` says. */
export const PRESENCE_FRESH_MS = 60_000;
