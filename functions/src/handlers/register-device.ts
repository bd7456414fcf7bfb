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
  // The token's other holders are found outside the transaction: a collection-group query inside
  // one locks far more than those documents in the emulator, and concurrent sign-ins then time out.
  // Each holder is re-read inside the transaction and removed only if it still holds the token.
  const holders = await store.allDevices().where('fcmToken', '==', request.fcmToken).get();
  const others = holders.docs.map((holder) => holder.ref).filter((other) => other.path !== ref.path);
  const moved = await store.db.runTransaction(async (tx) => {
    const [existing, ...current] = await Promise.all([tx.get(ref), ...others.map((other) => tx.get(other))]);
    const now = Timestamp.fromMillis(deps.now());
    const stillHolding = current.filter((snapshot) => snapshot.data()?.fcmToken === request.fcmToken);
    for (const holder of stillHolding) tx.delete(holder.ref);
    tx.set(ref, {
      platform: request.platform,
      fcmToken: request.fcmToken,
      locale: request.locale ?? null,
      appVersion: request.appVersion ?? null,
      createdAt: existing?.data()?.createdAt ?? now,
      updatedAt: now,
    });
    return stillHolding.map((holder) => ({ uid: deviceOwner(holder.ref), deviceId: holder.id }));
  });
  for (const previous of moved) {
    logEvent('device.token_moved', { uid, deviceId: request.deviceId, fromUid: previous.uid, fromDeviceId: previous.deviceId });
  }
  logEvent('device.registered', { uid, deviceId: request.deviceId, platform: request.platform });
  return { deviceId: request.deviceId };
}

export async function unregisterDevice(deps: DeviceDeps, uid: string, request: UnregisterDeviceRequest): Promise<UnregisterDeviceResponse> {
  const ref = deps.store.device(uid, request.deviceId);
  const removed = await deps.store.db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (snapshot.exists) tx.delete(ref);
    return snapshot.exists;
  });
  logEvent('device.unregistered', { uid, deviceId: request.deviceId, removed });
  return { removed };
}
