import type { DiagnoseCallInvitationResponse, DiagnosisLanguage, PushTransportName } from '../contract/index.js';
import { BeckonError } from '../domain/beckon-error.js';
import { diagnose } from '../domain/diagnosis/diagnose.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { gatherDiagnosisFacts } from '../adapters/firestore/diagnosis-facts.js';
import { logEvent } from '../logs.js';

export interface DiagnoseDeps {
  store: Collections;
  now(): number;
  transportName?(): PushTransportName;
}

/** "Why didn't the callee get the call?", answered from what is stored, for the caller or the callee. */
export async function diagnoseCallInvitation(
  deps: DiagnoseDeps,
  uid: string,
  invitationId: string,
  lang: DiagnosisLanguage,
): Promise<DiagnoseCallInvitationResponse> {
  const facts = await gatherDiagnosisFacts(deps.store, invitationId, deps.now(), deps.transportName?.());
  if (!facts) throw new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });
  const { callerId, calleeId } = facts.invitation;
  if (uid !== callerId && uid !== calleeId) {
    throw new BeckonError('permission-denied', 'only the caller or the callee may diagnose this call');
  }
  const report = diagnose(facts, lang);
  logEvent('invitation.diagnosed', {
    invitationId,
    callerId,
    calleeId,
    by: uid,
    failed: report.checks.filter((check) => check.status === 'fail').map((check) => check.id),
  });
  return report;
}
