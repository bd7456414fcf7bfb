import type { DeviceDeliveryResult, DiagnosisCheck, DiagnosisLanguage } from '../../contract/index.js';
import type { DiagnosisFacts } from './facts.js';
import { duration, say } from './language.js';
import { explainApnsEnvironmentMismatch, explainPushResult } from './push-error-advice.js';

type Check = (facts: DiagnosisFacts, lang: DiagnosisLanguage) => DiagnosisCheck;

const PENDING = ['pending', 'sending', 'retrying'];

export const pushTransport: Check = ({ invitation, configuredTransport }, lang) => {
  const title = say(lang, 'Push transport', '推送通道');
  const { delivery } = invitation;
  if (PENDING.includes(delivery.state)) {
    return {
      id: 'push_transport',
      status: 'warn',
      title,
      detail: say(lang, 'The push trigger has not finished yet.', '推送触发器尚未完成。'),
    };
  }
  if (delivery.transport === 'disabled') {
    return {
      id: 'push_transport',
      status: 'fail',
      title,
      detail: say(
        lang,
        'Push was disabled (PUSH_TRANSPORT=disabled): nothing was sent.',
        '推送已关闭（PUSH_TRANSPORT=disabled）：未发送任何推送。',
      ),
      advice:
        say(lang, 'Set PUSH_TRANSPORT to fcm (or auto) and deploy again.', '将 PUSH_TRANSPORT 设为 fcm（或 auto）并重新部署。') +
        (configuredTransport ? say(lang, ` It is ${configuredTransport} now.`, `当前为 ${configuredTransport}。`) : ''),
    };
  }
  const emulated = delivery.transport === 'emulator';
  return {
    id: 'push_transport',
    status: 'pass',
    title,
    detail: emulated
      ? say(
          lang,
          'The emulator transport ran: messages were written to pushOutbox, not sent to devices.',
          '模拟器通道：消息写入 pushOutbox，未发往设备。',
        )
      : say(
          lang,
          'FCM (firebase-admin sendEach), and APNs directly for VoIP rings.',
          'FCM（firebase-admin sendEach），VoIP 来电直接走 APNs。',
        ),
  };
};

export const devices: Check = ({ invitation, devicesNow, nowMs }, lang) => {
  const title = say(lang, 'Callee devices', '被叫设备');
  const { delivery } = invitation;
  if (delivery.state === 'no_devices') {
    return {
      id: 'devices',
      status: 'fail',
      title,
      detail: say(
        lang,
        'The callee had no device with an FCM or VoIP token when the call was sent.',
        '呼叫时被叫没有任何带 FCM 或 VoIP 令牌的设备。',
      ),
      advice: say(
        lang,
        'The app must call registerDevice after sign-in and whenever FCM gives it a new token.',
        'App 需在登录后及 FCM 令牌更新时调用 registerDevice。',
      ),
    };
  }
  if (delivery.devices.length === 0) {
    return {
      id: 'devices',
      status: 'skip',
      title,
      detail: say(lang, `No device was tried (${delivery.state}).`, `未尝试任何设备（${delivery.state}）。`),
    };
  }
  const described = delivery.devices.map((device) => {
    const now = devicesNow.find((d) => d.deviceId === device.deviceId);
    const age = now
      ? say(lang, `token ${duration(nowMs - now.updatedAt, lang)} old`, `令牌已注册 ${duration(nowMs - now.updatedAt, lang)}`)
      : say(lang, 'since removed', '已被移除');
    return `${device.deviceId} (${device.platform}, ${age})`;
  });
  return {
    id: 'devices',
    status: 'pass',
    title,
    detail: say(
      lang,
      `${delivery.devices.length} device(s): ${described.join(', ')}.`,
      `${delivery.devices.length} 台设备：${described.join('，')}。`,
    ),
  };
};

export const pushResult: Check = ({ invitation }, lang) => {
  const title = say(lang, 'Push result per device', '各设备推送结果');
  const results = invitation.delivery.devices;
  if (results.length === 0) {
    return { id: 'push_result', status: 'skip', title, detail: say(lang, 'Nothing was sent.', '未发送。') };
  }
  const lines = results.map(
    (r) =>
      `${r.deviceId}: ${r.ok ? say(lang, 'sent', '已发送') : r.errorCode}${retriedNote(r, lang)}. ${
        r.apnsEnvironmentMismatch
          ? explainApnsEnvironmentMismatch(r.apnsEnvironmentMismatch, lang)
          : explainPushResult(r.ok ? undefined : r.errorCode, r.platform, lang, r.channel)
      }`,
  );
  const failed = results.filter((r) => !r.ok).length;
  return {
    id: 'push_result',
    status: failed === 0 ? 'pass' : failed === results.length ? 'fail' : 'warn',
    title,
    detail: lines.join(' '),
  };
};

const retriedNote = (result: DeviceDeliveryResult, lang: DiagnosisLanguage) =>
  (result.attempts ?? 1) > 1
    ? say(
        lang,
        ` after ${result.attempts} attempts (earlier: ${(result.previousErrors ?? []).join(', ')})`,
        `（共 ${result.attempts} 次尝试，之前：${(result.previousErrors ?? []).join('，')}）`,
      )
    : '';

export const pushTiming: Check = ({ invitation }, lang) => {
  const title = say(lang, 'Push timing', '推送时效');
  const { delivery } = invitation;
  if (delivery.state === 'expired') {
    const afterFailure = (delivery.takeovers ?? 0) > 0;
    return {
      id: 'push_timing',
      status: 'fail',
      title,
      detail: afterFailure
        ? say(
            lang,
            'The ring was lost for good: the worker that first took it failed before sending, and the retry that took over came after the call had stopped ringing.',
            '来电推送最终丢失：最先接手的工作进程在发送前失败，接替它的重试到达时呼叫已停止响铃。',
          )
        : say(
            lang,
            'The ring was lost for good: the push trigger ran (or was retried after a failure) only after the call had stopped ringing, so nothing was sent.',
            '来电推送最终丢失：推送触发器（或失败后的重试）运行时呼叫已停止响铃，因此未发送。',
          ),
      advice: say(
        lang,
        'Look for event.retrying, invitation.push.takeover, a backlog or errors of deliverInvitationPush in the function logs.',
        '请在函数日志中查找 event.retrying、invitation.push.takeover，以及 deliverInvitationPush 的积压或错误。',
      ),
    };
  }
  if ((delivery.takeovers ?? 0) > 0 && delivery.attemptedAt !== undefined) {
    const delay = delivery.attemptedAt - invitation.createdAt;
    return {
      id: 'push_timing',
      status: 'warn',
      title,
      detail: say(
        lang,
        `Sent again after a failure: the worker that first took the ring died before recording it, and a retry took over (${delivery.takeovers} time(s)) ${duration(delay, lang)} after the invitation. A device may have got the ring twice; apps ignore the second by its invitationId.`,
        `失败后重新发送：最先接手的工作进程在记录前终止，重试接替（${delivery.takeovers} 次），于邀请后 ${duration(delay, lang)} 发出。设备可能收到两次来电推送，App 按 invitationId 忽略第二次。`,
      ),
    };
  }
  if (delivery.attemptedAt === undefined || delivery.devices.length === 0) {
    return { id: 'push_timing', status: 'skip', title, detail: say(lang, 'No push was attempted.', '未尝试推送。') };
  }
  const delay = delivery.attemptedAt - invitation.createdAt;
  const ttlLeft = invitation.expiresAt - delivery.attemptedAt;
  return {
    id: 'push_timing',
    status: delay > 5_000 ? 'warn' : 'pass',
    title,
    detail: say(
      lang,
      `Attempted ${duration(delay, lang)} after the invitation, with ${duration(ttlLeft, lang)} of ringing left: a device that got it in that time could ring.`,
      `邀请后 ${duration(delay, lang)} 发出推送，剩余响铃时间 ${duration(ttlLeft, lang)}：在此期间收到的设备可以响铃。`,
    ),
  };
};
