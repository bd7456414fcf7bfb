import type { DeviceDeliveryResult, Platform, PushChannel, RingStyle } from '../../contract/index.js';
import { type RingGroup, UNKNOWN_APP_VERSION } from './health-keys.js';

/** The error a ring refused for a token of the other APNs environment is counted under. */
export const APNS_ENVIRONMENT_MISMATCH = 'beckon/apns-environment-mismatch';

/** What the ring's final record says of one device, with what it is counted by. */
export interface RingTallyLine {
  deviceId: string;
  group: RingGroup;
  ok: boolean;
  errorCode?: string;
}

/** What is known of a device rung: from its registration, when the worker read it. */
export interface RungDeviceInfo {
  deviceId: string;
  platform: Platform;
  ringStyle?: RingStyle;
  appVersion?: string;
}

/**
 * One line per device in the ring's final record: sent (the push service accepted it) or failed,
 * by its group. A device the record names without a channel went by FCM (records from before
 * VoIP pushes). Counted once, with the record (adapters/firestore/delivery-records.ts).
 */
export function ringTally(devices: readonly DeviceDeliveryResult[], info: ReadonlyMap<string, RungDeviceInfo>): RingTallyLine[] {
  return devices.map((device) => {
    const known = info.get(device.deviceId);
    const channel: PushChannel = device.channel ?? 'fcm';
    return {
      deviceId: device.deviceId,
      group: {
        platform: known?.platform ?? (device.platform as Platform),
        appVersion: known?.appVersion ?? UNKNOWN_APP_VERSION,
        ringStyle: known?.ringStyle ?? 'notification',
        channel,
      },
      ok: device.ok,
      // Counted as what it is: a fleet with debug builds against production shows it at a glance.
      ...(device.apnsEnvironmentMismatch
        ? { errorCode: APNS_ENVIRONMENT_MISMATCH }
        : device.errorCode
          ? { errorCode: device.errorCode }
          : {}),
    };
  });
}
