/** One of a user's devices, as the cap weighs it. */
export interface KeptDevice {
  deviceId: string;
  /** Its last registerDevice, epoch ms: apps register at every start, so this is when it was last used. */
  registeredAtMs: number;
}

/**
 * Which devices make room for a new one, so that the account keeps at most `max`: those registered
 * longest ago (a phone long replaced, an app reinstalled under a new device id). Ties go by id, so
 * the choice is the same on every retry.
 */
export function devicesToEvict(others: readonly KeptDevice[], max: number): string[] {
  const excess = others.length + 1 - max;
  if (excess <= 0) return [];
  return [...others]
    .sort((a, b) => a.registeredAtMs - b.registeredAtMs || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0))
    .slice(0, excess)
    .map((device) => device.deviceId);
}
