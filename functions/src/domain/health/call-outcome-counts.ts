import type { CallOutcomeName } from '../../contract/index.js';
import type { CallChange } from '../call/call-changes.js';

const OUTCOME_OF_STATUS: Partial<Record<string, CallOutcomeName>> = {
  accepted: 'answered',
  declined: 'declined',
  missed: 'missed',
  cancelled: 'cancelled',
  busy: 'busy',
};

/**
 * What one change of a call counts: each callee's ring that it ended, by how (a callee who hangs
 * up later changes no ring's outcome), and each participant it declared lost.
 */
export function outcomeCounts(change: Pick<CallChange, 'before' | 'call' | 'invitations'>): Partial<Record<CallOutcomeName, number>> {
  const counts: Partial<Record<CallOutcomeName, number>> = {};
  for (const status of Object.values(change.invitations)) {
    const outcome = OUTCOME_OF_STATUS[status];
    if (outcome) counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  const lost = change.call.lostIds.length - change.before.lostIds.length;
  if (lost > 0) counts.lost = lost;
  return counts;
}
