import type { DiagnosisLanguage, Platform, SilentDevice } from '../../contract/index.js';
import { say } from '../diagnosis/language.js';

/** A device is silent after this many rings the push service accepted without a receipt. */
export const SILENT_AFTER_RINGS = 3;

/** One device's counts as kept (adapters/firestore/health-counters.ts). */
export interface DeviceHealthFacts {
  uid: string;
  deviceId: string;
  platform: Platform;
  appVersion?: string;
  ringsSinceReceipt: number;
  lastRingAtMs?: number;
  lastReceiptAtMs?: number;
}

/** What to check on a device that rings no more, by platform. */
export function silentDeviceAdvice(platform: Platform, lang: DiagnosisLanguage): string {
  switch (platform) {
    case 'android':
      return say(
        lang,
        'Check, on the phone: battery optimisation is off for the app, the maker’s autostart (or "background activity") setting allows it, the full-screen intent permission is granted (Android 14+), and notifications are allowed.',
        '请在手机上检查：该应用已关闭电池优化，厂商的自启动（或“后台活动”）设置允许该应用，已授予全屏通知权限（Android 14 及以上），并已允许通知。',
      );
    case 'ios':
      return say(
        lang,
        'iOS stops delivering VoIP pushes to an app that does not report every one to CallKit: check that the app calls reportNewIncomingCall for each VoIP push, even one for a call that is over, and that its token is for the right APNs environment.',
        'iOS 会停止向未把每个 VoIP 推送报告给 CallKit 的应用投递 VoIP 推送：请检查应用对每个 VoIP 推送（包括已结束通话的推送）都调用了 reportNewIncomingCall，并且其令牌属于正确的 APNs 环境。',
      );
    case 'web':
      return say(
        lang,
        'Check that the browser still grants the site notification permission, and that the service worker is registered.',
        '请检查浏览器仍授予该网站通知权限，并且 service worker 已注册。',
      );
  }
}

/** The devices silent within [fromMs, toMs): rung at least SILENT_AFTER_RINGS times since their last receipt, the last in the window. */
export function silentDevices(
  devices: readonly DeviceHealthFacts[],
  fromMs: number,
  toMs: number,
  lang: DiagnosisLanguage,
): SilentDevice[] {
  return devices
    .filter(
      (device) =>
        device.ringsSinceReceipt >= SILENT_AFTER_RINGS &&
        device.lastRingAtMs !== undefined &&
        device.lastRingAtMs >= fromMs &&
        device.lastRingAtMs < toMs,
    )
    .sort((a, b) => b.ringsSinceReceipt - a.ringsSinceReceipt || a.uid.localeCompare(b.uid))
    .map((device) => ({
      uid: device.uid,
      deviceId: device.deviceId,
      platform: device.platform,
      ...(device.appVersion ? { appVersion: device.appVersion } : {}),
      ringsSent: device.ringsSinceReceipt,
      lastRingAtMs: device.lastRingAtMs as number,
      ...(device.lastReceiptAtMs === undefined ? {} : { lastReceiptAtMs: device.lastReceiptAtMs }),
      advice: silentDeviceAdvice(device.platform, lang),
    }));
}
