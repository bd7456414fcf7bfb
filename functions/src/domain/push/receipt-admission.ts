/**
 * Whether a device of the callee may give a receipt for a ring: at most one per device the ring
 * was sent to. Once the ring's delivery record names the devices it went to, only those; before
 * it does (an open app's listener often answers before the worker has written it), a device
 * registered by the time the call was placed. A device registered later was never rung: new
 * device ids registered in a loop would each add a receipt.
 */
export interface ReceiptFacts {
  deviceId: string;
  /** The devices the ring's delivery record names, once it names any. */
  rungDeviceIds: string[] | undefined;
  /** epoch ms: when the callee registered this device; undefined when it is not theirs (any more). */
  deviceCreatedAtMs: number | undefined;
  /** epoch ms: when the call was placed. */
  invitationCreatedAtMs: number;
}

export type ReceiptAdmission = 'ok' | 'no_such_device' | 'not_rung';

export function admitReceipt(facts: ReceiptFacts): ReceiptAdmission {
  if (facts.deviceCreatedAtMs === undefined) return 'no_such_device';
  if (facts.rungDeviceIds && facts.rungDeviceIds.length > 0) return facts.rungDeviceIds.includes(facts.deviceId) ? 'ok' : 'not_rung';
  return facts.deviceCreatedAtMs <= facts.invitationCreatedAtMs ? 'ok' : 'not_rung';
}
