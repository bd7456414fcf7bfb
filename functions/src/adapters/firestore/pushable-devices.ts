import type { PushDevice } from '../../domain/push/push-message.js';
import type { Collections } from './collections.js';

/** The user's devices that some channel can reach: an FCM token, a VoIP token, or both. */
export async function pushableDevices(store: Collections, uid: string): Promise<PushDevice[]> {
  const snapshot = await store.devices(uid).get();
  return snapshot.docs.flatMap((doc) => {
    const device = doc.data();
    if (!device.fcmToken && !device.voipToken) return [];
    return [
      {
        deviceId: doc.id,
        platform: device.platform,
        ...(device.fcmToken ? { fcmToken: device.fcmToken } : {}),
        ...(device.voipToken ? { voipToken: device.voipToken } : {}),
        ...(device.ringStyle ? { ringStyle: device.ringStyle } : {}),
        ...(device.locale ? { locale: device.locale } : {}),
        ...(device.appVersion ? { appVersion: device.appVersion } : {}),
        ...(device.apnsEnvironment ? { apnsEnvironment: device.apnsEnvironment } : {}),
      },
    ];
  });
}
