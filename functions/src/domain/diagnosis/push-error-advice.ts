import type { DiagnosisLanguage } from '../../contract/index.js';
import { say } from './language.js';

/** What an FCM answer means for a device, and what to do about it. */
export function explainPushResult(errorCode: string | undefined, platform: string, lang: DiagnosisLanguage): string {
  switch (errorCode) {
    case undefined:
      return platform === 'ios'
        ? say(
            lang,
            'Accepted by FCM. On iOS an app the user killed shows it as a notification but cannot ring: that needs a VoIP push through PushKit, which FCM cannot send.',
            'FCM 已接收。iOS 上被用户划掉的 App 只会显示通知而不会响铃：那需要通过 PushKit 发送 VoIP 推送，FCM 无法发送。',
          )
        : say(lang, 'Accepted by FCM for delivery.', 'FCM 已接收并将投递。');
    case 'messaging/registration-token-not-registered':
      return say(
        lang,
        'The token is dead: the app was uninstalled or its data cleared. Beckon removed the token; the app registers a new one with registerDevice when it next starts.',
        '令牌已失效：App 被卸载或数据被清除。Beckon 已删除该令牌；App 下次启动时会用 registerDevice 注册新令牌。',
      );
    case 'messaging/invalid-registration-token':
      return say(
        lang,
        'The token is malformed: the app sent something that is not an FCM token. Beckon removed it; check what the app passes to registerDevice.',
        '令牌格式错误：App 上报的不是 FCM 令牌。Beckon 已删除它；请检查 App 传给 registerDevice 的内容。',
      );
    case 'messaging/third-party-auth-error':
      return say(
        lang,
        'APNs refused: no APNs authentication key (.p8) is uploaded to the Firebase project (Project settings > Cloud Messaging), or it is for another team.',
        'APNs 拒绝：Firebase 项目中没有上传 APNs 认证密钥（.p8）（项目设置 > Cloud Messaging），或密钥属于其他团队。',
      );
    case 'messaging/mismatched-credential':
      return say(
        lang,
        "The token belongs to an app of another Firebase project: the app's google-services.json / GoogleService-Info.plist is from a different project than this backend.",
        '该令牌属于另一个 Firebase 项目的 App：App 的 google-services.json / GoogleService-Info.plist 与本后端不是同一项目。',
      );
    case 'messaging/server-unavailable':
    case 'messaging/internal-error':
      return say(
        lang,
        'FCM had a fault on its side. The token was kept; the next call (or a retry) should reach the device.',
        'FCM 服务端故障。令牌已保留；下一次呼叫（或重试）应能送达。',
      );
    case 'messaging/message-rate-exceeded':
    case 'messaging/device-message-rate-exceeded':
    case 'messaging/quota-exceeded':
      return say(
        lang,
        'FCM throttled the sending: too many messages to this device or project. Retry later.',
        'FCM 限流：发往该设备或项目的消息过多。请稍后重试。',
      );
    case 'beckon/push-disabled':
      return say(lang, 'Nothing was sent: PUSH_TRANSPORT is "disabled".', '未发送：PUSH_TRANSPORT 为 "disabled"。');
    default:
      return say(lang, `FCM answered ${errorCode}; see the FCM error codes reference.`, `FCM 返回 ${errorCode}；请参阅 FCM 错误码文档。`);
  }
}
