import type { DiagnoseCallInvitationResponse, DiagnosisCheck, DiagnosisLanguage } from '../../contract/index.js';
import { callerConfirmed, calleePresence, inAppVisible, outcome, persisted } from './call-checks.js';
import { devices, pushResult, pushTiming, pushTransport } from './delivery-checks.js';
import type { DiagnosisFacts } from './facts.js';
import { say } from './language.js';
import { ringPriority, ringReceived } from './receipt-checks.js';
import { calleeSide, outcomeForCaller, pushTimingForCaller } from './caller-checks.js';

export type { DiagnosisFacts } from './facts.js';

/** The design note's troubleshooting walk, in its order, computed from what is stored. */
const CHECKS = [
  persisted,
  callerConfirmed,
  calleePresence,
  inAppVisible,
  pushTransport,
  devices,
  pushResult,
  pushTiming,
  ringReceived,
  ringPriority,
  outcome,
];

/** The caller's view: what Beckon did with their call, and one summary of the callee's side. */
const CALLER_CHECKS = [persisted, callerConfirmed, pushTransport, pushTimingForCaller, calleeSide, outcomeForCaller];

export function diagnose(facts: DiagnosisFacts, lang: DiagnosisLanguage): DiagnoseCallInvitationResponse {
  const checks: DiagnosisCheck[] = (facts.view === 'caller' ? CALLER_CHECKS : CHECKS).map((check) => check(facts, lang));
  return { invitationId: facts.invitation.id, verdict: verdict(checks, lang), checks };
}

function verdict(checks: DiagnosisCheck[], lang: DiagnosisLanguage): string {
  const failed = checks.find((check) => check.status === 'fail');
  if (failed)
    return say(lang, `The first failing link: ${failed.title}. ${failed.detail}`, `第一个失败环节：${failed.title}。${failed.detail}`);
  const warned = checks.find((check) => check.status === 'warn');
  if (warned)
    return say(
      lang,
      `No link failed; look at: ${warned.title}. ${warned.detail}`,
      `没有环节失败；请留意：${warned.title}。${warned.detail}`,
    );
  return say(lang, 'Every link held: the invitation was stored, shown and pushed.', '所有环节正常：邀请已落库、可见并已推送。');
}
