import type { InvitationStatus } from '../contract/index.js';
import type { CallEventDeps } from './call-events.js';
import type { DeliverPushDeps } from './deliver-push.js';
import type { MediaRoomDeps, MediaRoomEvent } from './close-media-room.js';
import type { ExpiryQueue } from '../domain/call/expiry-queues.js';

/** What the event handlers need, together: services.ts gives all of it. */
export type EventDeps = DeliverPushDeps & CallEventDeps & MediaRoomDeps & { expiryQueue: ExpiryQueue };

// Every event trigger's work, by the trigger's name, with the little it needs from its event as
// plain JSON: the same payload is what the emulators' stand-in for Eventarc stores and delivers
// again (scripts/emulator-schedules.mjs), so a redelivery runs exactly what the trigger ran.

export interface EventPayloads {
  deliverInvitationPush: { invitationId: string; calleeId?: string };
  /** `calleeId`: for the logs and the faults' scope only. */
  deliverCallStatusPush: { invitationId: string; calleeId?: string; before: InvitationStatus; after: InvitationStatus };
  scheduleInvitationExpiry: { invitationId: string; callId: string; callerId: string; calleeId: string; expiresAt: number };
  deleteUserData: { uid: string };
  closeMediaRoom: MediaRoomEvent;
}

export type EventName = keyof EventPayloads;

type Handler<Name extends EventName> = (deps: EventDeps, payload: EventPayloads[Name]) => Promise<unknown>;

/** Each handler is loaded on its trigger's first event, as the callables' are. */
export const eventHandlers: { [Name in EventName]: () => Promise<Handler<Name>> } = {
  deliverInvitationPush: async () => {
    const { deliverInvitationPush } = await import('./deliver-invitation-push.js');
    return (services, { invitationId, calleeId }) => deliverInvitationPush(services, invitationId, calleeId);
  },
  deliverCallStatusPush: async () => {
    const { deliverCallStatusPush } = await import('./deliver-invitation-push.js');
    return (services, { invitationId, before, after }) => deliverCallStatusPush(services, invitationId, before, after);
  },
  scheduleInvitationExpiry: async () => {
    const { scheduleInvitationExpiry } = await import('./schedule-invitation-expiry.js');
    return scheduleInvitationExpiry;
  },
  deleteUserData: async () => {
    const { deleteUserData } = await import('./delete-user-data.js');
    return (services, { uid }) => deleteUserData(services, uid);
  },
  closeMediaRoom: async () => {
    const { closeMediaRoom } = await import('./close-media-room.js');
    return closeMediaRoom;
  },
};

/**
 * How old an event may be and still be worth handling. Work that can no longer matter is
 * acknowledged, never retried for the day Eventarc would keep trying: no push or timer about a
 * call matters an hour later (a ring past its `expiresAt` is recorded `expired` long before),
 * while a deleted account's data is worth removing for as long as Eventarc retries.
 */
export const EVENT_MAX_AGE_MS: { [Name in EventName]: number } = {
  deliverInvitationPush: 60 * 60_000,
  deliverCallStatusPush: 60 * 60_000,
  scheduleInvitationExpiry: 60 * 60_000,
  deleteUserData: 24 * 60 * 60_000,
  // Someone who left a call must not stay in its room: worth retrying while their tokens could
  // still open it (MEDIA_TOKEN_TTL_SECONDS, at most hours), and for as long as Eventarc retries.
  closeMediaRoom: 24 * 60 * 60_000,
};
