import type { DiagnoseCallInvitationResponse, DiagnosisLanguage, PushTransportName } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import { diagnose } from '../domain/diagnosis/diagnose.js';
import type { Collections } from '../adapters/firestore/collections.js';
import { gatherDiagnosisFacts } from '../adapters/firestore/diagnosis-facts.js';
import { logEvent } from '../logs.js';

export interface DiagnoseDeps {
  store: Collections;
  now(): number;
  transportName?(): PushTransportName;
}

/**
 * "Why didn't the callee get the call?", answered from what is stored: the whole walk for the
 * callee, and for the caller the checks that are theirs (see caller-checks.ts).
 */
export async function diagnoseCallInvitation(
  deps: DiagnoseDeps,
  uid: string,
  invitationId: string,
  lang: DiagnosisLanguage,
): Promise<DiagnoseCallInvitationResponse> {
  // The callee sees everything; the caller only what is theirs, and the callee's side is not even read.
  const facts = await gatherDiagnosisFacts(deps.store, invitationId, deps.now(), deps.transportName?.(), ({ callerId, calleeId }) => {
    if (uid === calleeId) return 'full';
    if (uid === callerId) return 'caller';
    throw new BeckonError('permission-denied', 'only the caller or the callee may diagnose this call');
  });
  if (!facts) throw new BeckonError('not-found', 'invitationId: no such invitation', { field: 'invitationId' });
  const { callerId, calleeId } = facts.invitation;
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
