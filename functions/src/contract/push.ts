export const pushTransportNames = ['fcm', 'emulator', 'disabled'] as const;
export type PushTransportName = (typeof pushTransportNames)[number];

/** The service a push leaves by: FCM for everything, APNs directly for iOS VoIP rings (FCM cannot send those). */
export const pushChannels = ['fcm', 'apns'] as const;
export type PushChannel = (typeof pushChannels)[number];

/**
 * `pending` and `sending` are the states before the trigger has finished; `retrying` waits for
 * another attempt at devices that failed transiently; `deferred` is a stop-ringing push held back
 * until the ring push it must follow has left. The rest are final.
 */
export const deliveryStates = [
  'pending',
  'sending',
  'retrying',
  'deferred',
  'sent',
  'partial',
  'failed',
  'no_devices',
  'disabled',
  'expired',
  'skipped',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];
export const finalDeliveryStates = ['sent', 'partial', 'failed', 'no_devices', 'disabled', 'expired', 'skipped'] as const;

export interface DeviceDeliveryResult {
  deviceId: string;
  platform: string;
  /** Absent on records written before APNs existed: those went by FCM. */
  channel?: PushChannel;
  ok: boolean;
  messageId?: string;
  errorCode?: string;
  /** How many times this device was tried (more than 1 after a transient error). */
  attempts?: number;
  /** The error codes of the earlier, failed attempts, oldest first. */
  previousErrors?: string[];
  /** APNs refused the token, which the app registered for the other environment than Beckon sends to. */
  apnsEnvironmentMismatch?: { token: 'sandbox' | 'production'; server: 'sandbox' | 'production' };
}
