import { Timestamp } from 'firebase-admin/firestore';
import type { RegisteredDevice, RegisterDeviceResponse, UnregisterDeviceRequest, UnregisterDeviceResponse } from '../contract/index.js';
import { type Collections, deviceOwner } from '../adapters/firestore/collections.js';
import type { DeviceDoc } from '../adapters/firestore/documents.js';
import { fcmTokenHash } from '../adapters/firestore/token-key.js';
import { devicesToEvict } from '../domain/users/device-cap.js';
import { logEvent } from '../logs.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';

export interface DeviceDeps {
  store: Collections;
  /** The MAX_DEVICES_PER_USER param: how many devices one account keeps. */
  maxDevicesPerUser(): number;
  now(): number;
}

/**
 * Stores the device of the signed-in user. A token (FCM or VoIP) belongs to one device of one
 * user: when someone else (or another device id) held the same token, that device is removed in
 * the same transaction, so a phone handed to another account never rings for the previous one.
 * An account keeps at most maxDevicesPerUser devices: a new one beyond it removes the device
 * registered longest ago (a phone long replaced, an app reinstalled), so one call never sends
 * more than that many ring pushes.
 */
export async function registerDevice(deps: DeviceDeps, uid: string, request: RegisteredDevice): Promise<RegisterDeviceResponse> {
  const { store } = deps;
  const ref = store.device(uid, request.deviceId);
  const tokens = { fcmToken: request.fcmToken, voipToken: request.voipToken };
  const tokenHash = request.fcmToken === undefined ? undefined : fcmTokenHash(request.fcmToken);
  // The token's other holders are found outside the transaction: a collection-group query inside
  // one locks far more than those documents in the emulator, and concurrent sign-ins then time out.
  // Each holder is re-read inside the transaction and removed only if it still holds the token.
  const found = await Promise.all([
    tokenHash ? store.allDevices().where('fcmTokenHash', '==', tokenHash).get() : undefined,
    request.voipToken ? store.allDevices().where('voipToken', '==', request.voipToken).get() : undefined,
  ]);
  const others = [
    ...new Map(found.flatMap((holders) => holders?.docs.map((holder) => [holder.ref.path, holder.ref]) ?? [])).values(),
  ].filter((other) => other.path !== ref.path);
  const holdsOurToken = (device: DeviceDoc | undefined) =>
    Boolean(
      device && ((tokens.fcmToken && device.fcmToken === tokens.fcmToken) || (tokens.voipToken && device.voipToken === tokens.voipToken)),
    );
  const { moved, evicted } = await runContendedTransaction(store.db, async (tx) => {
    const [existing, mine, ...current] = await Promise.all([
      tx.get(ref),
      tx.get(store.devices(uid)),
      ...others.map((other) => tx.get(other)),
    ]);
    const now = Timestamp.fromMillis(deps.now());
    const stillHolding = current.filter((snapshot) => holdsOurToken(snapshot.data()));
    for (const holder of stillHolding) tx.delete(holder.ref);
    const kept = mine.docs
      .filter((device) => device.id !== request.deviceId && !stillHolding.some((holder) => holder.ref.path === device.ref.path))
      .map((device) => ({ deviceId: device.id, registeredAtMs: device.data().updatedAt.toMillis() }));
    const evictedIds = existing.exists ? [] : devicesToEvict(kept, deps.maxDevicesPerUser());
    for (const deviceId of evictedIds) tx.delete(store.device(uid, deviceId));
    tx.set(ref, {
      platform: request.platform,
      ...(request.fcmToken ? { fcmToken: request.fcmToken, fcmTokenHash: tokenHash } : {}),
      ...(request.voipToken ? { voipToken: request.voipToken } : {}),
      ...(request.apnsEnvironment ? { apnsEnvironment: request.apnsEnvironment } : {}),
      ringStyle: request.ringStyle,
      locale: request.locale ?? null,
      appVersion: request.appVersion ?? null,
      createdAt: existing?.data()?.createdAt ?? now,
      updatedAt: now,
    });
    return { moved: stillHolding.map((holder) => ({ uid: deviceOwner(holder.ref), deviceId: holder.id })), evicted: evictedIds };
  });
  for (const deviceId of evicted) {
    logEvent('device.evicted', { uid, deviceId, forDeviceId: request.deviceId, maxDevicesPerUser: deps.maxDevicesPerUser() });
  }
  for (const previous of moved) {
    logEvent('device.token_moved', { uid, deviceId: request.deviceId, fromUid: previous.uid, fromDeviceId: previous.deviceId });
  }
  logEvent('device.registered', {
    uid,
    deviceId: request.deviceId,
    platform: request.platform,
    ringStyle: request.ringStyle,
    channels: [...(request.fcmToken ? ['fcm'] : []), ...(request.voipToken ? ['apns'] : [])],
  });
  return { deviceId: request.deviceId };
}

export async function unregisterDevice(deps: DeviceDeps, uid: string, request: UnregisterDeviceRequest): Promise<UnregisterDeviceResponse> {
  const ref = deps.store.device(uid, request.deviceId);
  const removed = await runContendedTransaction(deps.store.db, async (tx) => {
    const snapshot = await tx.get(ref);
    if (snapshot.exists) tx.delete(ref);
    return snapshot.exists;
  });
  logEvent('device.unregistered', { uid, deviceId: request.deviceId, removed });
  return { removed };
}
