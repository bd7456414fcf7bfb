export interface Distribution {
  p50: number;
  p95: number;
  max: number;
  rounds: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Median, 95th percentile and maximum, in the unit given (ms here), by nearest rank. */
export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { p50: round1(rank(0.5)), p95: round1(rank(0.95)), max: round1(sorted[sorted.length - 1] as number), rounds: sorted.length };
}

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export const elapsed = (start: number) => performance.now() - start;
