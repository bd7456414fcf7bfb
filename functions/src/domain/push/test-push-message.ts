import type { DiagnosisLanguage } from '../../contract/index.js';
import { fcmMessage } from './fcm-message.js';
import type { FcmDevice, PushMessage } from './push-message.js';

/** Test pushes may be sent this often per user: enough to debug, too little to spam anyone. */
export const TEST_PUSH_INTERVAL_MS = 30_000;

/** A visible notification that says only that pushes reach this device. */
export function testPushMessage(device: FcmDevice, lang: DiagnosisLanguage, nowMs: number): PushMessage {
  const text =
    lang === 'zh'
      ? { title: 'Beckon 测试通知', body: '推送可以送达此设备。' }
      : { title: 'Beckon test notification', body: 'Pushes reach this device.' };
  return fcmMessage(device, { data: { type: 'test_push', sentAt: String(nowMs) }, text, urgent: true, ttlMs: 60_000 });
}
