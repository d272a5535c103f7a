import type { DetectionDefinition } from '../../../detections/definition';
import type { ParameterSchema } from '../../../detections/detection';
import type { EvidenceValue, Severity } from '../../../findings/types';
import type { RelayedDetection } from '../../../detections/relayed';

/**
 * What a crash detection concludes: the fields of a detection hit (shared/detections), plus the time
 * the finding is placed at and the events behind it, so the pipeline can make it a finding as it does
 * for the other detections.
 */
export interface CrashDetectionHit {
  readonly detectionId: string;
  readonly subject: string;
  readonly dedupKey: string;
  readonly description: string;
  /** Raises the detection's default severity. */
  readonly severity?: Severity;
  readonly resources: string[];
  readonly evidence: Record<string, EvidenceValue>;
  /** At most 100. */
  readonly eventIds: readonly string[];
  /** ISO event time the finding is placed at. */
  readonly at: string;
}

/**
 * A crash detection: a pure evaluator over the crash aggregates, with the catalogue's definition and
 * tunable parameters, and the source the catalogue names (a relayed detection: the crash check, not the
 * security detector, concludes it).
 */
export interface CrashDetection<P, I> extends RelayedDetection<P> {
  readonly definition: DetectionDefinition;
  /** A strict zod object with a default and a description for every key (`parse({})` gives the defaults). */
  readonly parameters: ParameterSchema<P>;
  evaluate(input: I, params: P): CrashDetectionHit[];
}
