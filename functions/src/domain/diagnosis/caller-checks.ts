import type { DiagnosisCheck, DiagnosisLanguage } from '../../contract/index.js';
import { callOutcome } from './call-checks.js';
import type { DiagnosisFacts } from './facts.js';
import { duration, say } from './language.js';

// The checks the caller's own diagnosis gets in place of the callee's side: what Beckon did with
// the call, and one summary that says nothing of the callee's devices, errors or presence.

type Check = (facts: DiagnosisFacts, lang: DiagnosisLanguage) => DiagnosisCheck;

export const pushTimingForCaller: Check = ({ invitation }, lang) => {
  const title = say(lang, 'Push timing', '推送时效');
  const { delivery } = invitation;
  if (delivery.state === 'expired') {
    return {
      id: 'push_timing',
      status: 'fail',
      title,
      detail: say(lang, 'The push went out only after the call had stopped ringing.', '推送在呼叫停止响铃后才处理。'),
      advice: say(lang, 'A backlog on the backend: tell its operator.', '后端有积压：请告知运维。'),
    };
  }
  if (delivery.attemptedAt === undefined) {
    return { id: 'push_timing', status: 'skip', title, detail: say(lang, 'The push has not been handled yet.', '推送尚未处理。') };
  }
  const delay = delivery.attemptedAt - invitation.createdAt;
  return {
    id: 'push_timing',
    status: delay > 5_000 ? 'warn' : 'pass',
    title,
    detail: say(
      lang,
      `Beckon handled the push ${duration(delay, lang)} after the invitation.`,
      `邀请后 ${duration(delay, lang)} 处理了推送。`,
    ),
  };
};

/** The outcome without the stop-ringing push, which went to the callee's devices. */
export const outcomeForCaller: Check = ({ invitation }, lang) => callOutcome(invitation, lang);

/** The one thing the caller learns of the callee's side is what their screen shows anyway: whether it rang. */
export const calleeSide: Check = ({ invitation }, lang) => {
  const title = say(lang, "The callee's side", '被叫一方');
  const askThem = say(
    lang,
    'Their presence, devices, push results and which device rang are theirs to see: ask them to run this diagnosis.',
    '对方的在线状态、设备、推送结果以及哪台设备响铃只有对方可见：请让对方运行此诊断。',
  );
  if (invitation.receivedAt !== undefined) {
    const after = duration(invitation.receivedAt - invitation.createdAt, lang);
    return {
      id: 'callee_side',
      status: 'pass',
      title,
      detail: say(lang, `A device of the callee rang ${after} after the invitation. `, `被叫的设备在邀请后 ${after} 响铃。`) + askThem,
    };
  }
  return {
    id: 'callee_side',
    status: invitation.status === 'busy' ? 'skip' : 'warn',
    title,
    detail:
      (invitation.status === 'busy'
        ? say(lang, 'The callee was in another call, so nothing rang. ', '被叫正在通话中，因此未响铃。')
        : say(lang, 'No device of the callee has reported ringing. ', '被叫的设备尚未报告响铃。')) + askThem,
  };
};
