/**
 * The faults Beckon can inject into its own steps on the emulators (FAULT_INJECTION). The names
 * are a contract: outside checks set them, so they are kept exactly.
 */
export const FAULT_POINTS = [
  /** An event trigger throws before doing anything. */
  'trigger.crash_before',
  /** A push worker throws after taking its lease, before sending: an instance that died there. */
  'push.crash_after_claim',
  /** A push worker throws after the push service answered, before recording the answer. */
  'push.crash_after_send',
  /** Each trigger event is handled twice, at once (at-least-once delivery). */
  'trigger.duplicate',
  /** A callable's writes commit, then it answers `unavailable`, as if the answer was lost on the way. */
  'callable.commit_lost',
  /** A Firestore call inside a function fails with `unavailable` before reaching the database. */
  'firestore.unavailable',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Each point's chance, from 0 to 1, of failing at each pass; points not named never fail. */
export type FaultRates = Partial<Record<FaultPoint, number>>;

const isFaultPoint = (name: string): name is FaultPoint => (FAULT_POINTS as readonly string[]).includes(name);

/**
 * `point=rate` pairs, comma-separated: `push.crash_after_claim=0.2,trigger.duplicate=1`. Throws,
 * naming the bad pair, on an unknown point or a rate outside 0 to 1: a typo must not quietly
 * test nothing.
 */
export function parseFaultRates(text: string): FaultRates {
  const rates: FaultRates = {};
  for (const pair of text.split(',').map((part) => part.trim())) {
    if (pair === '') continue;
    const [name = '', rateText, ...rest] = pair.split('=').map((part) => part.trim());
    const rate = Number(rateText);
    if (!isFaultPoint(name)) throw new Error(`FAULT_INJECTION: unknown point "${name}" (known: ${FAULT_POINTS.join(', ')})`);
    if (rest.length > 0 || rateText === undefined || rateText === '' || !Number.isFinite(rate) || rate < 0 || rate > 1)
      throw new Error(`FAULT_INJECTION: "${pair}" must be ${name}=<rate from 0 to 1>`);
    rates[name] = rate;
  }
  return rates;
}

/** Whether a pass at a point with this rate fails, given a draw from [0, 1). */
export const faultStrikes = (rate: number | undefined, draw: number): boolean => rate !== undefined && rate > 0 && draw < rate;
