import type { CallStatus } from '../contract/index.js';
import type { MovedStatus } from '../domain/call-state.js';
import { logEvent } from '../logs.js';

export interface CallChangeLog {
  callId: string;
  from: CallStatus;
  to: CallStatus;
  /** Every invitation status the change set, by callee. */
  invitations: Record<string, MovedStatus>;
}

/** One line when a call's own status changes (started, ended, or nobody answered), with what ended with it. */
export function logCallChange(change: CallChangeLog, actorId: string | undefined): void {
  if (change.from === change.to) return;
  const event = change.to === 'active' ? 'call.started' : 'call.ended';
  logEvent(event, {
    callId: change.callId,
    from: change.from,
    status: change.to,
    actorId: actorId ?? 'timer',
    invitations: change.invitations,
  });
}
