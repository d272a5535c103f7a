import { z } from 'zod';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';
import { DAY_MINUTES, MODEL_MONITOR_SOURCE } from './source';

/**
 * model-feature-drift: a feature's baseline distance (Model Monitor's L∞ between the run's and the
 * baseline's distributions, recomputed from both statistics.json files) at or over the warn or the
 * critical line configured for its model and feature. One finding per model, feature and level in
 * a 30-day dedup window that grows with every drifting run; the critical level is its own finding,
 * so an escalation is announced.
 */
export const MODEL_FEATURE_DRIFT: DetectionDefinition = {
  id: 'model-feature-drift',
  title: 'Model input feature drifted from its baseline',
  severity: 'medium',
  mitre: [],
  dedupWindowMinutes: 30 * DAY_MINUTES,
};

const distance = (fallback: number, what: string) => z.number().min(0).max(1).default(fallback).describe(what);

const Lines = z.strictObject({ warnAt: z.number().min(0).max(1).optional(), criticalAt: z.number().min(0).max(1).optional() });

const FeatureDriftParameters = z
  .strictObject({
    warnAt: distance(0.1, 'Baseline distance from which a feature has drifted (warn, medium): Model Monitor compares with 0.1 by default'),
    criticalAt: distance(0.25, 'Baseline distance from which the drift is critical (high)'),
    hysteresis: distance(
      0.02,
      'A feature over a line stays there until its score falls this far below it, so a score at the line does not flap',
    ),
    models: z
      .record(z.string().min(1), Lines.extend({ features: z.record(z.string().min(1), Lines).default({}) }))
      .default({})
      .describe(
        'Lines per model (endpoint name) and per feature, over the defaults: ' +
          '{"fraud-scorer-prod": {"warnAt": 0.15, "features": {"amount": {"criticalAt": 0.4}}}}',
      ),
  })
  .refine((p) => p.warnAt <= p.criticalAt, { message: 'warnAt must be at most criticalAt' });

export type FeatureDriftParams = z.infer<typeof FeatureDriftParameters>;

export type DriftLevel = 'ok' | 'warn' | 'critical';

export interface DriftLines {
  readonly warnAt: number;
  readonly criticalAt: number;
  readonly hysteresis: number;
}

/** The lines of one model's feature: the feature's own, else the model's, else the defaults. */
export function linesFor(params: FeatureDriftParams, model: string, feature: string): DriftLines {
  const forModel = params.models[model];
  const forFeature = forModel?.features[feature];
  return {
    warnAt: forFeature?.warnAt ?? forModel?.warnAt ?? params.warnAt,
    criticalAt: forFeature?.criticalAt ?? forModel?.criticalAt ?? params.criticalAt,
    hysteresis: params.hysteresis,
  };
}

/**
 * Each run's level, oldest run first, with hysteresis: a score reaching a line raises the level; a
 * level holds while the score stays within `hysteresis` below its line. The first run starts at ok.
 */
export function driftLevels(scores: readonly number[], lines: DriftLines): DriftLevel[] {
  const levels: DriftLevel[] = [];
  let previous: DriftLevel = 'ok';
  for (const score of scores) {
    let level: DriftLevel = 'ok';
    if (score >= lines.criticalAt || (previous === 'critical' && score >= lines.criticalAt - lines.hysteresis)) level = 'critical';
    else if (score >= lines.warnAt || (previous !== 'ok' && score >= lines.warnAt - lines.hysteresis)) level = 'warn';
    levels.push(level);
    previous = level;
  }
  return levels;
}

export const modelFeatureDrift: RelayedDetection<FeatureDriftParams> = {
  definition: MODEL_FEATURE_DRIFT,
  parameters: FeatureDriftParameters,
  source: {
    ...MODEL_MONITOR_SOURCE,
    severity: 'medium at the warn line, high at the critical line (a stage `severity` override is a floor)',
    mitre: 'none (not an attack technique)',
    dedup: 'one finding per model, feature and level (warn, critical): every drifting run grows it',
  },
};
