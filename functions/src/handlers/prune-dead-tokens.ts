import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { DeviceDeliveryResult } from '../contract/index.js';
import { pushErrorKind } from '../domain/delivery.js';
import type { PushDevice } from '../domain/push-message.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { type LogFields, logEvent } from '../logs.js';

/** Drops tokens FCM says will never work again, unless the device re-registered a new one meanwhile. */
export async function pruneDeadTokens(
  store: Collections,
  uid: string,
  devices: PushDevice[],
  results: DeviceDeliveryResult[],
  logFields: LogFields,
): Promise<void> {
  await Promise.all(
    results.map(async (result, index) => {
      const device = devices[index];
      if (!device || result.ok || !result.errorCode || pushErrorKind(result.errorCode) !== 'token_gone') return;
      const ref = store.device(uid, device.deviceId);
      const pruned = await ref.firestore.runTransaction(async (tx) => {
        const current = (await tx.get(ref)).data();
        if (current?.fcmToken !== device.fcmToken) return false;
        tx.update(ref, { fcmToken: FieldValue.delete(), tokenRemovedAt: Timestamp.now(), tokenRemovedReason: result.errorCode });
        return true;
      });
      if (pruned) logEvent('device.pruned', { ...logFields, uid, deviceId: device.deviceId, errorCode: result.errorCode });
    }),
  );
}
