/** A figure of bench/results.json: a ratio to a baseline measured in the same run (shared machines are too noisy for absolute times). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  target: { op: '<=' | '>='; value: number };
}

/** Nanoseconds per call of `fn`, the median of several rounds (rounds interleaved by the caller). */
export async function timePerCall(fn: () => unknown, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) await fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

export function timePerCallSync(fn: () => unknown, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Ratio of `subject` to `baseline`, each timed in alternating rounds so that machine noise (the
 * machines are shared) hits both alike; the median of the per-round ratios.
 */
export function ratioSync(subject: () => unknown, baseline: () => unknown, calls: number, rounds = 9): number {
  // warm-up: let the JIT settle both paths
  timePerCallSync(subject, calls);
  timePerCallSync(baseline, calls);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const b = timePerCallSync(baseline, calls);
    const s = timePerCallSync(subject, calls);
    ratios.push(s / b);
  }
  return median(ratios);
}

export async function ratioAsync(subject: () => unknown, baseline: () => unknown, calls: number, rounds = 7): Promise<number> {
  await timePerCall(subject, calls);
  await timePerCall(baseline, calls);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const b = await timePerCall(baseline, calls);
    const s = await timePerCall(subject, calls);
    ratios.push(s / b);
  }
  return median(ratios);
}

export function meets(figure: Figure): boolean {
  return figure.target.op === '<=' ? figure.value <= figure.target.value : figure.value >= figure.target.value;
}
