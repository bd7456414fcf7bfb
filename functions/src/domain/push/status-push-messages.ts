import type {
  CallCancelledPushData,
  CallOngoingPushData,
  MissedCallPushData,
  MissedCallReason,
  StopRingingReason,
} from '../../contract/index.js';
import { fcmMessage } from './fcm-message.js';
import type { Invitation } from '../call/invitation.js';
import type { FcmDevice, PushMessage } from './push-message.js';
import { missedCallText, ongoingCallText } from './push-text.js';

/** A stop-ringing push is only useful while a device might still ring. */
export const STOP_RINGING_TTL_MS = 60_000;
/** A missed-call notification is still worth showing the next day. */
export const MISSED_CALL_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Which stop-ringing pushes go at high priority. Android lowers an app's high-priority messages to
 * normal when it does not show a notification for them (FCM's "Set and manage Android message
 * priority"), and a lowered ring reaches a dozing phone late. A stop that only takes a notification
 * away, because the callee answered or declined on one of their devices, shows nothing: it goes at
 * normal priority (the ringing app also follows the invitation with its listener, and a ringing
 * phone is not dozing). When the caller hung up, the ring timed out, or the callee answered another
 * call (`busy`), the stop is followed by the visible missed-call notice and a ringing phone must
 * stop at once: high.
 */
export const STOP_RINGING_HIGH_PRIORITY: Record<StopRingingReason, boolean> = {
  answered_elsewhere: false,
  declined: false,
  cancelled: true,
  missed: true,
  busy: true,
};

/**
 * Data only: the app stops its ringing UI and removes the incoming-call notification (tagged
 * with the invitation id). The device that acted can tell from `reason` that it needs nothing.
 */
export function callCancelledMessage(invitation: Invitation, device: FcmDevice, reason: StopRingingReason, nowMs: number): PushMessage {
  const data = { type: 'call_cancelled', invitationId: invitation.id, reason } satisfies CallCancelledPushData;
  return fcmMessage(device, {
    data,
    urgent: STOP_RINGING_HIGH_PRIORITY[reason],
    ttlMs: STOP_RINGING_TTL_MS,
    apnsExpiresAtMs: nowMs + STOP_RINGING_TTL_MS,
    tag: invitation.id,
    collapse: true,
  });
}

/**
 * A visible notice about a call that no longer rings, shown in place of the incoming-call
 * notification: same Android tag and APNs collapse id (the invitation's id).
 */
function visibleNotice(
  invitation: Invitation,
  device: FcmDevice,
  data: Record<string, string>,
  text: { title: string; body: string },
  notice: { ttlMs: number; urgent: boolean },
  nowMs: number,
): PushMessage {
  const { ttlMs, urgent } = notice;
  return fcmMessage(device, { data, text, urgent, ttlMs, apnsExpiresAtMs: nowMs + ttlMs, tag: invitation.id });
}

/** Visible: "Missed video call from Alice", replacing the incoming-call notification; high priority, as it is shown. */
export function missedCallMessage(invitation: Invitation, device: FcmDevice, reason: MissedCallReason, nowMs: number): PushMessage {
  const data = {
    type: 'missed_call',
    invitationId: invitation.id,
    conversationId: invitation.conversationId,
    callerId: invitation.callerId,
    callerName: invitation.callerName,
    callType: invitation.callType,
    reason,
  } satisfies MissedCallPushData;
  const text = missedCallText(device.locale, invitation.callerName, invitation.callType);
  return visibleNotice(invitation, device, data, text, { ttlMs: MISSED_CALL_TTL_MS, urgent: true }, nowMs);
}

/** "Still going" is only worth a tap for a while: a group call rarely outlives this. */
export const ONGOING_CALL_TTL_MS = 10 * 60 * 1000;

/**
 * Visible, group calls only: the ring timed out but the others are still talking. It replaces
 * the missed-call notification. Tapping it opens the app, which calls joinCall({ callId }) for
 * the room: the push carries no room.
 */
export function ongoingCallMessage(invitation: Invitation, device: FcmDevice, nowMs: number): PushMessage {
  const data = {
    type: 'call_ongoing',
    invitationId: invitation.id,
    callId: invitation.callId,
    conversationId: invitation.conversationId,
    callerId: invitation.callerId,
    callerName: invitation.callerName,
    callType: invitation.callType,
  } satisfies CallOngoingPushData;
  const text = ongoingCallText(device.locale, invitation.callerName, invitation.callType);
  return visibleNotice(invitation, device, data, text, { ttlMs: ONGOING_CALL_TTL_MS, urgent: true }, nowMs);
}
