import { Timestamp } from 'firebase-admin/firestore';
import type { DiagnosisLanguage, SendTestPushResponse } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { deviceResult } from '../domain/push/delivery.js';
import { explainPushResult } from '../domain/diagnosis/push-error-advice.js';
import { TEST_PUSH_INTERVAL_MS, testPushMessage } from '../domain/push/test-push-message.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { PushTransport } from '../adapters/push/push-transport.js';
import { logEvent } from '../logs.js';
import { pushableDevices } from '../adapters/firestore/pushable-devices.js';
import type { FcmDevice } from '../domain/push/push-message.js';
import { pruneDeadTokens } from './prune-dead-tokens.js';
import { runContendedTransaction } from '../adapters/firestore/contended-transaction.js';

export interface TestPushDeps {
  store: Collections;
  transport(): PushTransport;
  now(): number;
}

/** Sends the signed-in user a test notification on their own devices (or one of them), at most every 30 s. */
export async function sendTestPush(
  deps: TestPushDeps,
  uid: string,
  request: { deviceId?: string; lang: DiagnosisLanguage },
): Promise<SendTestPushResponse> {
  const { store } = deps;
  // FCM only: a VoIP push that reports no call to CallKit gets the app killed by iOS.
  const all = (await pushableDevices(store, uid)).filter((device): device is FcmDevice => Boolean(device.fcmToken));
  const devices = request.deviceId === undefined ? all : all.filter((device) => device.deviceId === request.deviceId);
  if (devices.length === 0) {
    throw new BeckonError(
      'not-found',
      request.deviceId === undefined
        ? 'you have no device with an FCM token: call registerDevice first'
        : 'deviceId: no such device with an FCM token',
      request.deviceId === undefined ? undefined : { field: 'deviceId' },
    );
  }

  const limitRef = store.testPushLimit(uid);
  await runContendedTransaction(store.db, async (tx) => {
    const nowMs = deps.now();
    const last = (await tx.get(limitRef)).data()?.lastSentAt.toMillis();
    if (last !== undefined && nowMs - last < TEST_PUSH_INTERVAL_MS) {
      const retryAfterSeconds = Math.ceil((TEST_PUSH_INTERVAL_MS - (nowMs - last)) / 1000);
      throw new BeckonError(
        'resource-exhausted',
        `one test push every ${TEST_PUSH_INTERVAL_MS / 1000} s; try again in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
    tx.set(limitRef, { lastSentAt: Timestamp.fromMillis(nowMs) });
  });

  const transport = deps.transport();
  const nowMs = deps.now();
  const results = await transport.send(
    devices.map((device) => ({
      invitationId: 'test-push',
      kind: 'test_push',
      uid,
      deviceId: device.deviceId,
      attempt: 1,
      channel: 'fcm' as const,
      message: testPushMessage(device, request.lang, nowMs),
    })),
  );
  const deviceResults = devices.map((device, index) => {
    const result = deviceResult(device, results[index], 'fcm');
    return { ...result, explanation: explainPushResult(result.errorCode, device.platform, request.lang) };
  });
  const targets = devices.map((device) => ({ device, channel: 'fcm' as const }));
  await pruneDeadTokens(store, uid, targets, deviceResults, { testPush: true });
  logEvent('device.test_push', { uid, transport: transport.name, devices: deviceResults.map(({ explanation: _, ...rest }) => rest) });
  return { transport: transport.name, devices: deviceResults };
}
