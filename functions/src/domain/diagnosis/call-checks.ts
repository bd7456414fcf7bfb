import type { DiagnosisCheck, DiagnosisLanguage } from '../../contract/index.js';
import { isFinal } from '../call/call.js';
import { presenceVerdict } from '../users/presence.js';
import type { DiagnosisFacts } from './facts.js';
import { duration, say } from './language.js';

type Check = (facts: DiagnosisFacts, lang: DiagnosisLanguage) => DiagnosisCheck;

export const persisted: Check = ({ invitation, message }, lang) => {
  const title = say(lang, 'Invitation persisted', '邀请已落库');
  if (!message) {
    return {
      id: 'persisted',
      status: 'fail',
      title,
      detail: say(
        lang,
        'The invitation exists but its system message is missing from the conversation.',
        '邀请存在，但会话中缺少对应的系统消息。',
      ),
      advice: say(
        lang,
        'Messages are written with the invitation in one atomic write; a missing one was deleted afterwards.',
        '消息与邀请在同一次原子写入中保存；缺失说明事后被删除。',
      ),
    };
  }
  const agree = message.invitationId === invitation.id && message.status === invitation.status;
  return {
    id: 'persisted',
    status: agree ? 'pass' : 'fail',
    title,
    detail: agree
      ? say(
          lang,
          `The invitation and its system message exist and agree (status ${invitation.status}).`,
          `邀请与系统消息均存在且一致（状态 ${invitation.status}）。`,
        )
      : say(
          lang,
          `The system message says ${message.status}, the invitation ${invitation.status}.`,
          `系统消息状态为 ${message.status}，邀请状态为 ${invitation.status}。`,
        ),
  };
};

export const callerConfirmed: Check = ({ invitation, message, conversationMemberIds }, lang) => {
  const inHistory = Boolean(message) && (conversationMemberIds ?? []).includes(invitation.callerId);
  return {
    id: 'caller_confirmed',
    status: inHistory ? 'pass' : 'fail',
    title: say(lang, 'Caller confirmed', '主叫已确认'),
    detail: inHistory
      ? say(
          lang,
          "The call is in the caller's conversation history, and sendCallInvitation returned it.",
          '该呼叫在主叫的会话历史中，sendCallInvitation 已返回。',
        )
      : say(lang, 'The caller cannot see the system message in their history.', '主叫在会话历史中看不到该系统消息。'),
  };
};

export const calleePresence: Check = ({ invitation, presenceNow, nowMs }, lang) => {
  const now = presenceVerdict(presenceNow, nowMs);
  const nowText = say(
    lang,
    { online: 'online', offline: 'offline', stale: 'stale (app gone)', unknown: 'never reported' }[now],
    { online: '在线', offline: '离线', stale: '心跳过期（App 已离开）', unknown: '从未上报' }[now],
  );
  return {
    id: 'callee_presence',
    status: invitation.calleeOnlineAtSend ? 'pass' : 'warn',
    title: say(lang, 'Callee presence', '被叫在线状态'),
    detail: invitation.calleeOnlineAtSend
      ? say(lang, `Online when the call was sent; now: ${nowText}.`, `呼叫时在线；现在：${nowText}。`)
      : say(
          lang,
          `Offline or stale when the call was sent, so no in-app popup; the push was the way to reach them. Now: ${nowText}.`,
          `呼叫时离线或心跳过期，因此没有应用内弹窗，只能靠推送。现在：${nowText}。`,
        ),
    ...(invitation.calleeOnlineAtSend
      ? {}
      : {
          advice: say(
            lang,
            'The app writes presence/{uid} with serverTimestamp() every 30 s while in the foreground.',
            'App 在前台时应每 30 秒用 serverTimestamp() 写入 presence/{uid}。',
          ),
        }),
  };
};

export const inAppVisible: Check = ({ invitation, nowMs }, lang) => {
  const title = say(lang, 'Visible to the incoming-calls listener', '来电监听可见');
  if (invitation.status === 'busy') {
    return {
      id: 'in_app_visible',
      status: 'fail',
      title,
      detail: say(
        lang,
        'Never rang: the callee was in another call, so the invitation was born busy.',
        '从未响铃：被叫正在另一通话中，邀请创建即为忙线。',
      ),
      advice: say(lang, 'Expected behaviour; the callee got a missed-call notification.', '属预期行为；被叫收到了未接来电通知。'),
    };
  }
  const stillRinging = invitation.status === 'ringing' && nowMs < invitation.expiresAt;
  // Ringing stops at expiresAt even when the status catches up a moment later (apps hide it then).
  const endedAt = Math.min(invitation.respondedAt ?? nowMs, invitation.expiresAt);
  const rang = duration(endedAt - invitation.createdAt, lang);
  return {
    id: 'in_app_visible',
    status: 'pass',
    title,
    detail: stillRinging
      ? say(
          lang,
          `It has matched calleeId == callee and status == 'ringing' for ${rang} so far: an app listening to that query shows the popup.`,
          `已满足 calleeId == 被叫 且 status == 'ringing' ${rang}：监听该查询的 App 会弹窗。`,
        )
      : say(
          lang,
          `It matched calleeId == callee and status == 'ringing' for ${rang}: an app listening to that query showed the popup.`,
          `曾在 ${rang} 内满足 calleeId == 被叫 且 status == 'ringing'：监听该查询的 App 会弹窗。`,
        ),
  };
};

/**
 * How the call ended, as both parties may know it: skipped while it rings. `more` adds what only
 * the full view reads (the stop-ringing push), and may turn the check into a warning.
 */
export function callOutcome(
  invitation: DiagnosisFacts['invitation'],
  lang: DiagnosisLanguage,
  more: (ended: string) => { status: 'pass' | 'warn'; detail: string } = (ended) => ({ status: 'pass', detail: ended }),
): DiagnosisCheck {
  const title = say(lang, 'Outcome', '结果');
  if (!isFinal(invitation.status) && invitation.status !== 'accepted') {
    return { id: 'outcome', status: 'skip', title, detail: say(lang, 'The call is still ringing.', '呼叫仍在响铃。') };
  }
  return { id: 'outcome', title, ...more(say(lang, `The call ended ${invitation.status}.`, `呼叫结果：${invitation.status}。`)) };
}

export const outcome: Check = ({ invitation }, lang) => {
  const stop = invitation.deliveries.call_cancelled;
  const stopText = stop
    ? say(lang, ` The stop-ringing push: ${stop.state}.`, ` 停止响铃推送：${stop.state}。`)
    : invitation.status === 'ended' || invitation.status === 'busy'
      ? ''
      : say(lang, ' No stop-ringing push is recorded.', ' 没有停止响铃推送的记录。');
  const failed = stop !== undefined && (stop.state === 'failed' || stop.state === 'partial');
  return callOutcome(invitation, lang, (ended) => ({ status: failed ? 'warn' : 'pass', detail: ended + stopText }));
};
