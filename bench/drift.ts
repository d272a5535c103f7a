import type { NumericSample } from '../shared/drift';
import { ecdfGap, ksExactPValue, ksTwoSample, numericJensenShannon, numericPsi, numericSample } from '../shared/drift';
import { type Figure, median } from './harness';

/**
 * Drift statistics on 1 000 000 vs 1 000 000 values, each relative to sorting both Float64Arrays (copies, as the
 * statistics take them) in the same run: KS (statistic and p-value), PSI and Jensen-Shannon, each from the raw
 * arrays (validation, copy, sort and all). SciPy's ks_2samp takes about 1.1 s for this on this kind of machine.
 * And the exact KS p-value at 10 000 vs 10 000 (closed form) and 10 000 vs 9 999 (the lattice band), in ms.
 */

const SIZE = 1_000_000;
const ROUNDS = 5;

/** A seeded normal sample (xorshift128+ and Box-Muller): the same arrays every run. */
function normalSample(size: number, mean: number, seed: number): Float64Array {
  let s0 = 0x9e3779b9 ^ seed;
  let s1 = 0x85ebca6b ^ (seed * 7919);
  const uniform = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x;
    return ((((s0 + s1) >>> 0) % 4294967291) + 0.5) / 4294967291;
  };
  const out = new Float64Array(size);
  for (let i = 0; i < size; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    out[i] = mean + r * Math.cos(t);
    if (i + 1 < size) out[i + 1] = mean + r * Math.sin(t);
  }
  return out;
}

function timeOnce(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start);
}

/** The median over rounds of time(subject) / time(baseline), the two alternating. */
function ratio(subject: () => unknown, baseline: () => unknown): number {
  subject();
  baseline();
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const b = timeOnce(baseline);
    ratios.push(timeOnce(subject) / b);
  }
  return median(ratios);
}

function milliseconds(fn: () => unknown, rounds: number): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r += 1) times.push(timeOnce(fn) / 1e6);
  return median(times);
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function driftFigures(): Figure[] {
  // A slight shift (D ≈ 0.004): the asymptotic p-value then takes its costliest path, the exact one-sided sum.
  const reference = normalSample(SIZE, 0, 1);
  const current = normalSample(SIZE, 0.01, 2);
  const sortBoth = () => [reference.slice().sort(), current.slice().sort()];
  const statistic = (name: string, fn: (r: NumericSample, c: NumericSample) => unknown) => ({
    name: `${name} on 1 000 000 vs 1 000 000 values from the raw arrays, vs sorting both Float64Arrays`,
    value: round(ratio(() => fn(numericSample(reference), numericSample(current)), sortBoth)),
    unit: 'ratio',
    baseline: 'Float64Array.prototype.sort of copies of both samples',
    target: { op: '<=' as const, value: 1.5 },
  });
  const figures: Figure[] = [
    statistic('KS statistic and p-value (asymptotic)', (r, c) => ksTwoSample(r, c)),
    statistic('PSI (reference deciles)', numericPsi),
    statistic('Jensen-Shannon distance (10 shared bins)', numericJensenShannon),
  ];

  // The exact p-value at the largest sizes 'auto' sends to it, on the statistic of two realistic samples.
  const a = numericSample(normalSample(10_000, 0, 3));
  const b = numericSample(normalSample(10_000, 0.03, 4));
  const b9999 = numericSample(b.values.subarray(0, 9_999));
  const equal = ecdfGap(a, b);
  const unequal = ecdfGap(a, b9999);
  figures.push(
    {
      name: `exact KS p-value, 10 000 vs 10 000 (D = ${round(equal, 4)}, closed form)`,
      value: round(milliseconds(() => ksExactPValue(10_000, 10_000, equal), 21)),
      unit: 'ms',
      baseline: 'none: absolute time',
      target: { op: '<=', value: 5 },
    },
    {
      name: `exact KS p-value, 10 000 vs 9 999 (D = ${round(unequal, 4)}, lattice band)`,
      value: round(milliseconds(() => ksExactPValue(10_000, 9_999, unequal), 7)),
      unit: 'ms',
      baseline: 'none: absolute time',
      target: { op: '<=', value: 100 },
    },
    {
      name: 'exact KS p-value, 10 000 vs 9 999, worst case (D = 0.3, p below 1e-300)',
      value: round(milliseconds(() => ksExactPValue(10_000, 9_999, 0.3), 3)),
      unit: 'ms',
      baseline: 'none: absolute time',
      target: { op: '<=', value: 1000 },
    },
  );
  return figures;
}
