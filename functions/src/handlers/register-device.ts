import { Timestamp } from 'firebase-admin/firestore';
import type {
  RegisterDeviceRequest,
  RegisterDeviceResponse,
  UnregisterDeviceRequest,
  UnregisterDeviceResponse,
} from '../contract/index.js';
import { type Collections, deviceOwner } from '../adapters/firestore/collections.js';
import { logEvent } from '../logs.js';

export interface DeviceDeps {
  store: Collections;
  now(): number;
}

/**
 * Stores the device of the signed-in user. An FCM token belongs to one device of one user: when
 * someone else (or another device id) held the same token, that device is removed in the same
 * transaction, so a phone handed to another account never rings for the previous one.
 */
export async function registerDevice(deps: DeviceDeps, uid: string, request: RegisterDeviceRequest): Promise<RegisterDeviceResponse> {
  const { store } = deps;
  const ref = store.device(uid, request.deviceId);
  const moved = await store.invitations().firestore.runTransaction(async (tx) => {
    const [existing, holders] = await Promise.all([
      tx.get(ref),
      tx.get(store.allDevices().where('fcmToken', '==', request.fcmToken)),
    ]);
    const now = Timestamp.fromMillis(deps.now());
    const others = holders.docs.filter((holder) => holder.ref.path !== ref.path);
    for (const other of others) tx.delete(other.ref);
    tx.set(ref, {
      platform: request.platform,
      fcmToken: request.fcmToken,
      locale: request.locale ?? null,
      appVersion: request.appVersion ?? null,
      createdAt: existing.data()?.createdAt ?? now,
      updatedAt: now,
    });
    return others.map((other) => ({ uid: deviceOwner(other.ref), deviceId: other.id }));
  });
  for (const previous of moved) {
    logEvent('device.token_moved', { uid, deviceId: request.deviceId, fromUid: previous.uid, fromDeviceId: previous.deviceId });
  }
  logEvent('device.registered', { uid, deviceId: request.deviceId, platform: request.platform });
  return { deviceId: request.deviceId };
}

export async function unregisterDevice(deps: DeviceDeps, uid: string, request: UnregisterDeviceRequest): Promise<UnregisterDeviceResponse> {
  const ref = deps.store.device(uid, request.deviceId);
  const removed = await deps.store.invitations().firestore.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (snapshot.exists) tx.delete(ref);
    return snapshot.exists;
  });
  logEvent('device.unregistered', { uid, deviceId: request.deviceId, removed });
  return { removed };
}
