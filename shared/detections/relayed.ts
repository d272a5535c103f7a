import type { Severity } from '../findings/types';
import type { DetectionDefinition } from './definition';
import type { Detection, ParameterSchema, TriggerPattern } from './detection';
import { resolveParameters, type DetectionOverrides } from './overrides';
import { DETECTIONS } from './rules';
import { guarddutyFinding } from './rules/guarddutyFinding';
import { modelLatencySloBurn } from '../slo/modelLatency/modelLatencySloBurn';
import { MODEL_DETECTIONS } from '../modelMonitor/detections';
import { APP_SIGNAL_DETECTIONS } from '../telemetry/signals/detections';
import { CRASH_DETECTIONS } from '../telemetry/crashes/detections';

/**
 * A detection whose findings another source concluded and a Vigil function relays (GuardDuty's, by
 * functions/guardduty-relay): not run by the security detector, but named, documented, given a
 * runbook and tuned per stage (`detectionOverrides`) like the registered detections.
 */
export interface RelayedDetection<P = unknown> {
  readonly definition: DetectionDefinition;
  readonly parameters: ParameterSchema<P>;
  readonly source: {
    /** The EventBridge rule (events/rules/<rule>.json) that routes the source's events, and its pattern. */
    readonly rule: string;
    readonly pattern: TriggerPattern;
    /** The function folder that relays them. */
    readonly function: string;
    /** How a finding's severity, MITRE ids and identity are decided (docs/detections.md). */
    readonly severity: string;
    readonly mitre: string;
    readonly dedup: string;
  };
}

/** What `detectionOverrides` may name: a registered detection or a relayed one. */
export type TunableDetection = Pick<Detection, 'definition' | 'parameters'> | RelayedDetection;

/** A relayed detection with this stage's overrides applied. */
export interface ConfiguredRelay<P> {
  readonly detection: RelayedDetection<P>;
  readonly params: P;
  readonly enabled: boolean;
  /** The floor: a finding's own severity may only raise it. */
  readonly severity: Severity;
  readonly dedupWindowMinutes: number;
}

/** The relayed detection as this stage configures it; `overrides` come validated (parseDetectionOverrides). */
export function configureRelay<P>(detection: RelayedDetection<P>, overrides: DetectionOverrides): ConfiguredRelay<P> {
  const override = overrides[detection.definition.id] ?? {};
  return {
    detection,
    params: resolveParameters(detection, override.parameters),
    enabled: override.enabled !== false,
    severity: override.severity ?? detection.definition.severity,
    dedupWindowMinutes: override.dedupWindowMinutes ?? detection.definition.dedupWindowMinutes,
  };
}

/** Every relayed detection (docs/detections.md lists them after the registered ones). */
export const RELAYED_DETECTIONS: readonly RelayedDetection[] = [
  guarddutyFinding as RelayedDetection,
  modelLatencySloBurn as RelayedDetection,
  ...MODEL_DETECTIONS,
  ...APP_SIGNAL_DETECTIONS,
  ...(CRASH_DETECTIONS as readonly RelayedDetection[]),
];

/** Every id a stage's `detectionOverrides` may tune: each function validates the whole map against this list. */
export const TUNABLE_DETECTIONS: readonly TunableDetection[] = [...DETECTIONS, ...RELAYED_DETECTIONS];
