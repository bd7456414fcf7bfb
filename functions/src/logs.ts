import { logger } from 'firebase-functions/logger';

/**
 * The named events of an invitation's life. Every line carries `event` and, where there is one,
 * `invitationId`, so `jsonPayload.invitationId="..."` in Cloud Logging shows one call's story.
 */
export type LogEvent =
  | 'invitation.persisted'
  | 'invitation.replayed'
  | 'invitation.push.duplicate'
  | 'invitation.push.sent'
  | 'invitation.push.failed'
  | 'invitation.push.partial'
  | 'invitation.push.no_devices'
  | 'invitation.push.disabled'
  | 'invitation.push.expired'
  | 'invitation.push.skipped'
  | 'invitation.push.retrying'
  | 'invitation.push.deferred'
  | 'invitation.acknowledged'
  | 'invitation.accepted'
  | 'invitation.declined'
  | 'invitation.cancelled'
  | 'invitation.missed'
  | 'invitation.ended'
  | 'invitation.busy'
  | 'invitation.busy.failed'
  | 'invitation.action.refused'
  | 'invitation.action.repeated'
  | 'invitation.write.retried'
  | 'invitation.expiry.scheduled'
  | 'invitation.expiry.not_due'
  | 'invitation.expiry.failed'
  | 'invitation.sweep'
  | 'invitation.diagnosed'
  | 'device.test_push'
  | 'user.blocked'
  | 'call.left_after_block'
  | 'health.read'
  | 'user.unblocked'
  | 'user.deleted'
  | 'device.registered'
  | 'device.unregistered'
  | 'device.token_moved'
  | 'device.evicted'
  | 'device.pruned'
  | 'device.prune_failed'
  | 'config.invalid'
  | 'request.rejected'
  | 'request.retryable'
  | 'call.started'
  | 'call.ended'
  | 'call.left'
  | 'call.joined'
  | 'call.participant_lost'
  | 'call.liveness.sweep'
  | 'call.callee_unavailable'
  | 'call.action.refused'
  | 'call.media.issued'
  | 'call.media.refused'
  | 'media.participants_removed'
  | 'media.room_closed'
  | 'request.failed'
  | 'invitation.push.takeover'
  | 'invitation.push.lease_held'
  | 'invitation.push.lease_released'
  | 'invitation.push.release_failed'
  | 'event.retrying'
  | 'event.redelivered'
  | 'event.dropped'
  | 'event.failed_permanently'
  | 'fault.injected';

export type LogFields = Record<string, unknown> & { invitationId?: string; callerId?: string; calleeId?: string };

export function logEvent(event: LogEvent, fields: LogFields = {}): void {
  logger.info(event, { event, ...fields });
}

export function logWarning(event: LogEvent, fields: LogFields = {}): void {
  logger.warn(event, { event, ...fields });
}

export function logFailure(event: LogEvent, error: unknown, fields: LogFields = {}): void {
  const stack = error instanceof Error ? error.stack : String(error);
  logger.error(event, { event, ...fields, error: stack });
}
