import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult, PushChannel } from '../contract/index.js';
import { pushErrorKind } from '../domain/push/delivery.js';
import type { PushDevice } from '../domain/push/push-message.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { type LogFields, logEvent, logFailure } from '../logs.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';

/** A device and the channel (hence the token) a push went to it by. */
export interface PushTarget {
  device: PushDevice;
  channel: PushChannel;
}

/**
 * Drops tokens FCM or APNs says will never work again (the FCM token, or the VoIP token, whichever
 * the push used), unless the device re-registered a new one meanwhile. A failure here is logged:
 * the push's outcome is already recorded, and nothing is sent again because of it.
 */
export async function pruneDeadTokens(
  store: Collections,
  uid: string,
  targets: PushTarget[],
  results: DeviceDeliveryResult[],
  logFields: LogFields,
): Promise<void> {
  await Promise.all(
    results.map(async (result, index) => {
      const target = targets[index];
      if (!target || result.ok || !result.errorCode || pushErrorKind(result.errorCode) !== 'token_gone') return;
      const { device, channel } = target;
      const field = channel === 'apns' ? 'voipToken' : 'fcmToken';
      const token = device[field];
      const ref = store.device(uid, device.deviceId);
      try {
        const pruned = await runContendedTransaction(store.db, async (tx) => {
          const current = (await tx.get(ref)).data();
          if (!token || current?.[field] !== token) return false;
          const now = Timestamp.now();
          tx.update(
            ref,
            channel === 'apns'
              ? { voipToken: FieldValue.delete(), voipTokenRemovedAt: now, voipTokenRemovedReason: result.errorCode }
              : {
                  fcmToken: FieldValue.delete(),
                  fcmTokenHash: FieldValue.delete(),
                  tokenRemovedAt: now,
                  tokenRemovedReason: result.errorCode,
                },
          );
          return true;
        });
        if (pruned) logEvent('device.pruned', { ...logFields, uid, deviceId: device.deviceId, channel, errorCode: result.errorCode });
      } catch (error) {
        logFailure('device.prune_failed', error, { ...logFields, uid, deviceId: device.deviceId, channel });
      }
    }),
  );
}
