import { type Allocation, checkSampleRatio, equalAllocation, type SampleRatioCheck } from './sampleRatio';
import type { ExperimentObservation } from './observations';
import { type TwoProportionResult, twoProportionZTest } from './twoProportion';

export const DEFAULT_CONTROL = 'control';

export interface ExperimentConfig {
  /** The variant the others are compared with (default: `control`, else the first in name order). */
  readonly control?: string;
  /** Traffic weights per variant; equal for the variants seen when absent. */
  readonly allocation?: Allocation;
}

export interface VariantGoalResult {
  readonly variant: string;
  readonly units: number;
  readonly conversions: number;
  readonly rate: number;
  /** Against the control; absent for the control itself. */
  readonly vsControl?: TwoProportionResult;
}

export interface ExperimentResult {
  readonly experimentKey: string;
  readonly control: string;
  readonly variants: readonly { readonly variant: string; readonly exposedUnits: number }[];
  readonly sampleRatio: SampleRatioCheck;
  readonly goals: readonly { readonly goal: string; readonly variants: readonly VariantGoalResult[] }[];
  /** Units exposed to more than one variant: counted in the variant of their first exposure. */
  readonly crossoverUnits: number;
  readonly ignored: {
    /** Conversions of a unit before its first exposure (PostHog ignores them too). */
    readonly beforeExposure: number;
    /** Conversions of a unit never exposed. */
    readonly withoutExposure: number;
    /** Events without the id their assignment unit needs (a user experiment, a user not signed in). */
    readonly withoutUnit: number;
  };
  /** The latest exposure counted, and its event id: what an SRM finding points at. */
  readonly lastExposure?: { readonly time: string; readonly eventId: string };
}

interface Exposure {
  readonly variant: string;
  readonly time: number;
  readonly eventId: string;
}

const byTimeThenId = (a: { time: number; eventId: string }, b: { time: number; eventId: string }) =>
  a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/**
 * A/B results from exposure and conversion events, in any order and with duplicates (an event id counts
 * once): per experiment and variant the units exposed (distinct per assignment unit, placed in the
 * variant of their first exposure), per goal the units that converted (once per goal, at or after their
 * first exposure, whatever variant the conversion event names), conversion rates, the two-proportion
 * z-test of each variant against the control, and the sample-ratio check. The result depends only on
 * the set of events, never on their order.
 */
export class ExperimentAnalysis {
  private readonly seen = new Set<string>();
  private readonly exposures = new Map<string, ExperimentObservation[]>();
  private readonly conversions = new Map<string, ExperimentObservation[]>();

  add(observation: ExperimentObservation): void {
    if (this.seen.has(observation.eventId)) return;
    this.seen.add(observation.eventId);
    const into = observation.type === 'exposure' ? this.exposures : this.conversions;
    const list = into.get(observation.experimentKey) ?? [];
    list.push(observation);
    into.set(observation.experimentKey, list);
  }

  results(config: (experimentKey: string) => ExperimentConfig = () => ({})): ExperimentResult[] {
    const keys = [...new Set([...this.exposures.keys(), ...this.conversions.keys()])].sort();
    return keys.map((key) => this.result(key, config(key)));
  }

  private result(experimentKey: string, config: ExperimentConfig): ExperimentResult {
    let withoutUnit = 0;
    const first = new Map<string, Exposure>();
    const variantsOf = new Map<string, Set<string>>();
    let lastExposure: Exposure | undefined;
    for (const e of this.exposures.get(experimentKey) ?? []) {
      if (e.unit === undefined) {
        withoutUnit += 1;
        continue;
      }
      const exposure = { variant: e.variant, time: e.time, eventId: e.eventId };
      const current = first.get(e.unit);
      if (!current || byTimeThenId(exposure, current) < 0) first.set(e.unit, exposure);
      variantsOf.set(e.unit, (variantsOf.get(e.unit) ?? new Set()).add(e.variant));
      if (!lastExposure || byTimeThenId(exposure, lastExposure) > 0) lastExposure = exposure;
    }
    const exposed = new Map<string, number>();
    for (const { variant } of first.values()) exposed.set(variant, (exposed.get(variant) ?? 0) + 1);
    const allocation = config.allocation ?? equalAllocation(exposed.keys());
    const variantNames = [...new Set([...allocation.keys(), ...exposed.keys()])].sort();
    const control = config.control ?? (variantNames.includes(DEFAULT_CONTROL) ? DEFAULT_CONTROL : (variantNames[0] ?? DEFAULT_CONTROL));

    let beforeExposure = 0;
    let withoutExposure = 0;
    const converted = new Map<string, Map<string, Set<string>>>(); // goal → variant → units
    for (const c of this.conversions.get(experimentKey) ?? []) {
      if (c.type !== 'conversion') continue;
      if (c.unit === undefined) {
        withoutUnit += 1;
        continue;
      }
      const exposure = first.get(c.unit);
      if (!exposure) withoutExposure += 1;
      else if (c.time < exposure.time) beforeExposure += 1;
      else {
        const goal = converted.get(c.goal) ?? new Map<string, Set<string>>();
        goal.set(exposure.variant, (goal.get(exposure.variant) ?? new Set()).add(c.unit));
        converted.set(c.goal, goal);
      }
    }

    const goals = [...converted.keys()].sort().map((goal) => {
      const units = converted.get(goal)!;
      const row = (variant: string) => {
        const n = exposed.get(variant) ?? 0;
        const x = units.get(variant)?.size ?? 0;
        return { variant, units: n, conversions: x, rate: n > 0 ? x / n : 0 };
      };
      const base = row(control);
      return {
        goal,
        variants: variantNames.map((variant) => {
          const r = row(variant);
          if (variant === control || r.units === 0 || base.units === 0) return r;
          const vsControl = twoProportionZTest(
            { successes: base.conversions, trials: base.units },
            { successes: r.conversions, trials: r.units },
          );
          return { ...r, vsControl };
        }),
      };
    });

    return {
      experimentKey,
      control,
      variants: variantNames.map((variant) => ({ variant, exposedUnits: exposed.get(variant) ?? 0 })),
      sampleRatio: checkSampleRatio(exposed, allocation),
      goals,
      crossoverUnits: [...variantsOf.values()].filter((s) => s.size > 1).length,
      ignored: { beforeExposure, withoutExposure, withoutUnit },
      lastExposure: lastExposure && { time: new Date(lastExposure.time).toISOString(), eventId: lastExposure.eventId },
    };
  }
}
