import type { DiagnosisLanguage } from '../contract/index.js';
import type { FcmDevice, PushMessage } from './push-message.js';

/** Test pushes may be sent this often per user: enough to debug, too little to spam anyone. */
export const TEST_PUSH_INTERVAL_MS = 30_000;

/** A visible notification that says only that pushes reach this device. */
export function testPushMessage(device: FcmDevice, lang: DiagnosisLanguage, nowMs: number): PushMessage {
  const text =
    lang === 'zh'
      ? { title: 'Beckon 测试通知', body: '推送可以送达此设备。' }
      : { title: 'Beckon test notification', body: 'Pushes reach this device.' };
  const data = { type: 'test_push', sentAt: String(nowMs) };
  switch (device.platform) {
    case 'android':
      return { token: device.fcmToken, data, android: { priority: 'high', ttl: 60_000, notification: text } };
    case 'ios':
      return {
        token: device.fcmToken,
        data,
        apns: { headers: { 'apns-priority': '10', 'apns-push-type': 'alert' }, payload: { aps: { alert: text, sound: 'default' } } },
      };
    case 'web':
      return { token: device.fcmToken, data, webpush: { headers: { TTL: '60', Urgency: 'high' }, notification: text } };
  }
}
