import type { ConfiguredRelay } from '../../../detections/relayed';
import type { Occurrence } from '../../../findings/occurrence';
import type { ExposureAssignment, ExposureCountStore } from '../../experiments/ExposureCountStore';
import { checkSampleRatio, equalAllocation, sampleRatioOccurrence } from '../../experiments/sampleRatio';
import type { BatchOrigin } from '../origin';
import type { SampleRatioParams } from './experimentSampleRatioMismatch';

/** An exposure with the batch it came in. */
export interface ExposureObservation extends ExposureAssignment {
  readonly origin: BatchOrigin;
}

/** Assignments and counts outlive the longest experiment we expect (a quarter), from the exposure's time. */
const RETENTION_SECONDS = 120 * 86_400;

/**
 * experiment-sample-ratio-mismatch over a batch's exposures: each unit placed once (ExposureCountStore: its earliest
 * exposure wins, a redelivery changes nothing), the changes ADDed to the experiment's counts, then every experiment
 * the batch touched checked on its counts as stored. A mismatch is one occurrence per experiment and UTC day of the
 * batch's latest exposure of it (its event id names both): the finding says on which days the split was off.
 */
export class SampleRatioMonitor {
  constructor(
    private readonly configured: ConfiguredRelay<SampleRatioParams>,
    private readonly store: ExposureCountStore,
  ) {}

  async observe(exposures: readonly ExposureObservation[]): Promise<Occurrence[]> {
    if (!this.configured.enabled || exposures.length === 0) return [];
    const deltas = new Map<string, Map<string, number>>();
    const latest = new Map<string, ExposureObservation>();
    for (const e of exposures) {
      const expiresAt = Math.floor(e.time / 1000) + RETENTION_SECONDS;
      const change = await this.store.assign(e, expiresAt);
      const d = deltas.get(e.experimentKey) ?? new Map<string, number>();
      if (change.added) d.set(change.added, (d.get(change.added) ?? 0) + 1);
      if (change.removed) d.set(change.removed, (d.get(change.removed) ?? 0) - 1);
      deltas.set(e.experimentKey, d);
      const last = latest.get(e.experimentKey);
      if (!last || e.time > last.time || (e.time === last.time && e.eventId > last.eventId)) latest.set(e.experimentKey, e);
    }
    const occurrences: Occurrence[] = [];
    for (const [experimentKey, d] of deltas) {
      const last = latest.get(experimentKey)!;
      await this.store.add(experimentKey, d, Math.floor(last.time / 1000) + RETENTION_SECONDS);
      const occurrence = this.judge(experimentKey, await this.store.counts(experimentKey), last);
      if (occurrence) occurrences.push(occurrence);
    }
    return occurrences;
  }

  private judge(experimentKey: string, exposed: Map<string, number>, last: ExposureObservation): Occurrence | undefined {
    const { params, severity, dedupWindowMinutes } = this.configured;
    const weights = params.allocations[experimentKey];
    const allocation = weights ? new Map(Object.entries(weights)) : equalAllocation(exposed.keys());
    const total = [...exposed.values()].reduce((a, b) => a + b, 0);
    const check = checkSampleRatio(exposed, allocation);
    const mismatch = check.checked && total >= params.minUnits && check.pValue < params.pValue;
    const day = new Date(last.time).toISOString().slice(0, 10);
    const occurrence = sampleRatioOccurrence({
      experimentKey,
      exposed: new Map([...exposed].sort(([a], [b]) => (a < b ? -1 : 1))),
      check: { ...check, mismatch },
      lastExposure: new Date(last.time),
      eventId: `srm:${experimentKey}@${day}`,
      ...last.origin,
      threshold: params.pValue,
    });
    return (
      occurrence && {
        ...occurrence,
        severity,
        windowMinutes: dedupWindowMinutes,
        evidence: { ...occurrence.evidence, day, minUnits: params.minUnits },
      }
    );
  }
}
