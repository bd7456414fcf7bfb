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

/**
 * Did the ring keep its high priority? Android lowers an app's high-priority FCM messages to
 * normal when the app has not been showing a notification for them (Android 13+, FCM's "message
 * priority" guide); a normal-priority ring waits for a dozing phone's next maintenance window. The
 * app tells, in acknowledgeCallInvitation, what `RemoteMessage` reported.
 */
export function ringPriority({ receipts }: DiagnosisFacts, lang: DiagnosisLanguage): DiagnosisCheck {
  const base = { id: 'ring_priority' as const, title: say(lang, 'Ring priority (Android)', '响铃推送优先级（Android）') };
  const reported = receipts.filter((receipt) => receipt.priority !== undefined && receipt.originalPriority !== undefined);
  if (reported.length === 0) {
    return {
      ...base,
      status: 'skip',
      detail: say(lang, 'No Android device reported the priority its ring arrived with.', '没有 Android 设备报告响铃推送到达时的优先级。'),
    };
  }
  const lowered = reported.filter((receipt) => receipt.originalPriority === 'high' && receipt.priority === 'normal');
  if (lowered.length === 0) {
    const names = reported.map((receipt) => `${receipt.deviceId} (${receipt.priority})`).join(', ');
    return { ...base, status: 'pass', detail: say(lang, `Arrived as sent: ${names}.`, `按发送时的优先级到达：${names}。`) };
  }
  const names = lowered.map((receipt) => receipt.deviceId).join(', ');
  return {
    ...base,
    status: 'fail',
    detail: say(
      lang,
      `The ring was sent at high priority but ${names} received it at normal priority: Android deprioritized it.`,
      `响铃推送以高优先级发送，但 ${names} 以普通优先级收到：Android 降低了它的优先级。`,
    ),
    advice: say(
      lang,
      'Android lowers high-priority messages of an app that does not show a notification for them: show a notification (the incoming-call one, with a full-screen intent) for every high-priority push. On Android 14+, check NotificationManager.canUseFullScreenIntent() and send the user to the settings to allow it. Ask the user to exempt the app from battery optimisation (Settings > Apps > Battery: unrestricted).',
      'Android 会降低不为高优先级推送显示通知的 App 的消息优先级：每条高优先级推送都要显示通知（来电通知，带全屏 intent）。Android 14+ 上用 NotificationManager.canUseFullScreenIntent() 检查，并引导用户去设置中允许。请用户将 App 排除在电池优化之外（设置 > 应用 > 电池：不受限制）。',
    ),
  };
}
