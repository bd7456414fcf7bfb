import type { DiagnosisCheck, DiagnosisLanguage } from '../../contract/index.js';
import type { DiagnosisFacts } from './facts.js';
import { duration, say } from './language.js';

/** How long after the push a device that got it normally reports ringing; later than this, silence means something. */
export const RECEIPT_GRACE_MS = 15_000;

/**
 * Did a device of the callee actually ring? The push services only say they accepted a push;
 * the app's `acknowledgeCallInvitation` says the device rang.
 */
export function ringReceived({ invitation, receipts, nowMs }: DiagnosisFacts, lang: DiagnosisLanguage): DiagnosisCheck {
  const title = say(lang, 'Devices that rang', '实际响铃的设备');
  const base = { id: 'ring_received' as const, title };
  if (receipts.length > 0) {
    const lines = receipts.map((receipt) => {
      const after = duration(receipt.receivedAt - invitation.createdAt, lang);
      const via = receipt.source ? ` (${receipt.source})` : '';
      return say(lang, `${receipt.deviceId} rang ${after} after the invitation${via}`, `${receipt.deviceId} 在邀请后 ${after} 响铃${via}`);
    });
    return { ...base, status: 'pass', detail: lines.join(say(lang, '; ', '；')) + say(lang, '.', '。') };
  }
  if (invitation.status === 'busy') {
    return { ...base, status: 'skip', detail: say(lang, 'A busy call never rings.', '忙线呼叫不会响铃。') };
  }
  const accepted = invitation.delivery.devices.filter((device) => device.ok);
  if (accepted.length === 0) {
    return {
      ...base,
      status: 'skip',
      detail: say(lang, 'No push was accepted for any device, so none could ring.', '没有任何设备的推送被接收，因此无法响铃。'),
    };
  }
  const since = invitation.delivery.attemptedAt ?? invitation.createdAt;
  const stillRinging = invitation.status === 'ringing' && nowMs < invitation.expiresAt;
  if (stillRinging && nowMs - since < RECEIPT_GRACE_MS) {
    return { ...base, status: 'skip', detail: say(lang, 'No device has reported ringing yet.', '尚无设备报告响铃。') };
  }
  const names = accepted.map((device) => `${device.deviceId} (${device.channel === 'apns' ? 'APNs' : 'FCM'})`).join(', ');
  return {
    ...base,
    status: 'warn',
    detail: say(
      lang,
      `The push was accepted for ${names}, but no device reported ringing.`,
      `推送已被接收（${names}），但没有设备报告响铃。`,
    ),
    advice: say(
      lang,
      'On the phone: a battery saver or "restricted" background mode (Android), notifications or the full-screen-intent permission turned off (Android 14+), or an app force-stopped from settings (Android delivers nothing to it until it is opened). On iOS, the app must report the VoIP push to CallKit. If the app does not call acknowledgeCallInvitation when it rings, this check cannot tell.',
      '手机上：省电模式或后台受限（Android）、关闭了通知或全屏通知权限（Android 14+），或在设置中强行停止了 App（Android 在其再次打开前不会投递）。iOS 上 App 必须把 VoIP 推送报告给 CallKit。若 App 响铃时不调用 acknowledgeCallInvitation，此项无法判断。',
    ),
  };
}
