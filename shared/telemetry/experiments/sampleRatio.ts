import { chiSquareGoodnessOfFit } from '../../drift';
import type { Occurrence } from '../../findings/occurrence';
import { InvalidAllocationError } from './errors';

export const SAMPLE_RATIO_MISMATCH = 'experiment-sample-ratio-mismatch';

/** GrowthBook's and Statsig's threshold: with p < 0.05, about half the alarms would be false. */
export const SRM_P_THRESHOLD = 0.001;
/** Below this many expected units in a variant the check waits (GrowthBook waits for 8 per variation). */
export const SRM_MIN_EXPECTED_UNITS = 8;

/** Configured traffic weights per variant (any positive scale: 50/50, 1/1, 0.2/0.8). */
export type Allocation = ReadonlyMap<string, number>;

export interface SampleRatioCheck {
  /** False while a variant expects fewer than SRM_MIN_EXPECTED_UNITS units: no verdict yet. */
  readonly checked: boolean;
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
  /** Units each variant should have under the allocation, for the units exposed. */
  readonly expected: Readonly<Record<string, number>>;
  readonly mismatch: boolean;
}

/** Equal weights for the variants seen: the default allocation. */
export function equalAllocation(variants: Iterable<string>): Allocation {
  return new Map([...variants].map((v) => [v, 1]));
}

/**
 * The sample-ratio-mismatch check: a chi-square goodness of fit of the exposed units per variant to the
 * configured allocation (shared/drift chiSquareGoodnessOfFit, scipy.stats.chisquare with f_exp = N·w/Σw),
 * dof = variants − 1, a mismatch when p < 0.001. A variant seen but not in the allocation expects 0
 * units: the statistic is infinite and it is a mismatch (traffic where none was configured). Pure.
 */
export function checkSampleRatio(exposed: ReadonlyMap<string, number>, allocation: Allocation): SampleRatioCheck {
  for (const [variant, weight] of allocation) {
    if (!(Number.isFinite(weight) && weight > 0)) {
      throw new InvalidAllocationError(`the weight of variant "${variant}" must be a positive number, not ${String(weight)}`);
    }
  }
  const total = [...exposed.values()].reduce((a, b) => a + b, 0);
  const weights = [...allocation.values()].reduce((a, b) => a + b, 0);
  const expected: Record<string, number> = {};
  for (const [variant, weight] of allocation) expected[variant] = (total * weight) / weights;
  for (const variant of exposed.keys()) expected[variant] ??= 0;
  const observed = new Map([...allocation.keys(), ...exposed.keys()].map((v) => [v, exposed.get(v) ?? 0]));
  const enough = [...allocation.keys()].every((v) => expected[v]! >= SRM_MIN_EXPECTED_UNITS);
  if (total === 0 || allocation.size + [...exposed.keys()].filter((v) => !allocation.has(v)).length < 2) {
    return { checked: false, statistic: 0, pValue: 1, degreesOfFreedom: 0, expected, mismatch: false };
  }
  const fit = chiSquareGoodnessOfFit(allocation, observed);
  const checked = enough || fit.statistic === Number.POSITIVE_INFINITY;
  return { checked, ...fit, expected, mismatch: checked && fit.pValue < SRM_P_THRESHOLD };
}

export interface SrmSubject {
  readonly experimentKey: string;
  readonly exposed: ReadonlyMap<string, number>;
  readonly check: SampleRatioCheck;
  /** The latest exposure counted: the finding's time. */
  readonly lastExposure: Date;
  /** The exposure events' ids (the first 100 make the finding's eventIds). */
  readonly eventId: string;
  readonly source: string;
  readonly account: string;
  readonly region: string;
  /** The p-value under which the check is a mismatch, when a stage tunes it (SRM_P_THRESHOLD otherwise). */
  readonly threshold?: number;
}

/**
 * `experiment-sample-ratio-mismatch` for an experiment whose check found one (undefined otherwise): one
 * finding per experiment and day of the latest exposure, so a daily re-check updates it.
 */
export function sampleRatioOccurrence(s: SrmSubject): Occurrence | undefined {
  if (!s.check.mismatch) return undefined;
  const counts = [...s.exposed].map(([v, n]) => `${v}=${n}`).join(', ');
  const expected = Object.entries(s.check.expected)
    .map(([v, n]) => `${v}=${Math.round(n * 10) / 10}`)
    .join(', ');
  return {
    detection: SAMPLE_RATIO_MISMATCH,
    severity: 'medium',
    title: `Sample ratio mismatch in experiment ${s.experimentKey}`,
    description:
      `Exposed units per variant (${counts}) do not follow the allocation (expected ${expected}): ` +
      `chi-square ${s.check.statistic.toPrecision(4)}, p = ${s.check.pValue.toPrecision(3)} < ${s.threshold ?? SRM_P_THRESHOLD}. ` +
      'The results of this experiment cannot be trusted until the cause is found.',
    subject: s.experimentKey,
    dedupKey: s.experimentKey,
    mitre: [],
    runbook: `docs/runbooks/${SAMPLE_RATIO_MISMATCH}.md`,
    source: s.source,
    account: s.account,
    region: s.region,
    resources: [],
    evidence: {
      experimentKey: s.experimentKey,
      exposedUnits: counts,
      expectedUnits: expected,
      statistic: Number.isFinite(s.check.statistic) ? s.check.statistic : 'inf',
      pValue: s.check.pValue,
      degreesOfFreedom: s.check.degreesOfFreedom,
    },
    windowMinutes: 24 * 60,
    eventId: s.eventId,
    eventTime: s.lastExposure,
  };
}
