import type { DiagnosisLanguage, PushChannel } from '../../contract/index.js';
import { say } from './language.js';

/** A VoIP token of the other APNs environment than Beckon sends to: one fix, on one side or the other. */
export function explainApnsEnvironmentMismatch(mismatch: { token: string; server: string }, lang: DiagnosisLanguage): string {
  return mismatch.token === 'sandbox'
    ? say(
        lang,
        'APNs refused a sandbox VoIP token (a debug build of the app) because Beckon sends to production (APNS_ENVIRONMENT). Ring debug builds from a deployment with APNS_ENVIRONMENT=sandbox, or test with a TestFlight build.',
        'APNs 拒绝了沙盒 VoIP 令牌（App 的调试构建），因为 Beckon 发往生产环境（APNS_ENVIRONMENT）。请用 APNS_ENVIRONMENT=sandbox 的部署来响铃调试构建，或用 TestFlight 构建测试。',
      )
    : say(
        lang,
        'APNs refused a production VoIP token (a TestFlight or App Store build) because Beckon sends to sandbox (APNS_ENVIRONMENT=sandbox). Set APNS_ENVIRONMENT=production for release builds.',
        'APNs 拒绝了生产 VoIP 令牌（TestFlight 或 App Store 构建），因为 Beckon 发往沙盒环境（APNS_ENVIRONMENT=sandbox）。请为发布构建设置 APNS_ENVIRONMENT=production。',
      );
}

/** What an FCM or APNs answer means for a device, and what to do about it. */
export function explainPushResult(errorCode: string | undefined, platform: string, lang: DiagnosisLanguage, channel?: PushChannel): string {
  if (channel === 'apns' || errorCode?.startsWith('apns/') || errorCode === 'beckon/apns-not-configured') {
    return explainApnsResult(errorCode, lang);
  }
  switch (errorCode) {
    case undefined:
      return platform === 'ios'
        ? say(
            lang,
            'Accepted by FCM. On iOS an app the user killed shows it as a notification but cannot ring: that needs a VoIP push through PushKit, which Beckon sends when the app registers a voipToken.',
            'FCM 已接收。iOS 上被用户划掉的 App 只会显示通知而不会响铃：那需要通过 PushKit 发送 VoIP 推送；App 用 registerDevice 上报 voipToken 后 Beckon 即会发送。',
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

function explainApnsResult(errorCode: string | undefined, lang: DiagnosisLanguage): string {
  switch (errorCode) {
    case undefined:
      return say(
        lang,
        'Accepted by APNs as a VoIP push: PushKit wakes the app, even a killed one, and it must report the call to CallKit at once.',
        'APNs 已接收 VoIP 推送：PushKit 会唤醒 App（即使已被划掉），App 必须立即向 CallKit 报告来电。',
      );
    case 'apns/Unregistered':
    case 'apns/BadDeviceToken':
      return say(
        lang,
        'APNs says the VoIP token is dead (app uninstalled, or a sandbox token sent to production or the reverse: check APNS_ENVIRONMENT). Beckon removed it; the app registers a new one when PushKit gives it one.',
        'APNs 表示 VoIP 令牌已失效（App 被卸载，或沙盒令牌发往生产环境或反之：请检查 APNS_ENVIRONMENT）。Beckon 已删除它；PushKit 给出新令牌时 App 会重新注册。',
      );
    case 'apns/TooManyRequests':
    case 'apns/InternalServerError':
    case 'apns/ServiceUnavailable':
    case 'apns/Shutdown':
    case 'apns/connection-error':
      return say(
        lang,
        'APNs was unavailable or throttled Beckon. The token was kept, and the push was retried while the call rang.',
        'APNs 不可用或限流。令牌已保留，呼叫响铃期间已重试推送。',
      );
    case 'apns/InvalidProviderToken':
    case 'apns/ExpiredProviderToken':
    case 'apns/MissingProviderToken':
    case 'apns/Forbidden':
      return say(
        lang,
        'APNs refused the key: check APNS_KEY, APNS_KEY_ID and APNS_TEAM_ID (the .p8 key must belong to that team and allow APNs).',
        'APNs 拒绝了密钥：请检查 APNS_KEY、APNS_KEY_ID 和 APNS_TEAM_ID（.p8 密钥须属于该团队并启用 APNs）。',
      );
    case 'apns/DeviceTokenNotForTopic':
    case 'apns/TopicDisallowed':
    case 'apns/BadTopic':
      return say(
        lang,
        'The VoIP token belongs to another app: APNS_BUNDLE_ID must be the bundle id of the app that registered it.',
        '该 VoIP 令牌属于另一个 App：APNS_BUNDLE_ID 必须是注册该令牌的 App 的 bundle id。',
      );
    case 'beckon/apns-not-configured':
      return say(
        lang,
        'Nothing went to APNs: set the APNS_KEY secret, APNS_KEY_ID and APNS_TEAM_ID to send VoIP pushes.',
        '未发往 APNs：请设置 APNS_KEY 密钥、APNS_KEY_ID 和 APNS_TEAM_ID 以发送 VoIP 推送。',
      );
    default:
      return say(
        lang,
        `APNs answered ${errorCode}; see Apple's APNs error reference.`,
        `APNs 返回 ${errorCode}；请参阅 Apple 的 APNs 错误说明。`,
      );
  }
}
