import { z } from 'zod';
import endpointLatencyRule from '../../../events/rules/endpoint-latency.json';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';

/**
 * model-latency-slo-burn: an endpoint variant's model latency SLO burns its error budget too fast. The SLI is
 * the share of invocations whose ModelLatency (microseconds, time inside the model container) is at most the
 * variant's threshold; the SLO is that share ≥ target over 30 days. Burn rates and windows: shared/slo/burnRate.ts
 * (14.4× over 1 h and 5 min, or 6× over 6 h and 30 min: high, pages; 1× over 3 days and 6 h: medium, a ticket).
 * Concluded by functions/endpoint-latency from CloudWatch metric-stream records: a relayed detection, tuned per
 * stage (`detectionOverrides`) like the others.
 */
export const MODEL_LATENCY_SLO_BURN: DetectionDefinition = {
  id: 'model-latency-slo-burn',
  title: 'Model latency SLO burning its error budget',
  severity: 'medium',
  mitre: [],
  dedupWindowMinutes: 6 * 60,
};

const Objective = z.strictObject({
  thresholdMicros: z.number().int().positive().describe('ModelLatency at or under which an invocation is good, in microseconds'),
  target: z.number().gt(0).lt(1).describe('Share of good invocations the SLO promises over 30 days (0.99: 1 % error budget)'),
});

const ModelLatencySloParameters = z.strictObject({
  defaultThresholdMicros: z
    .number()
    .int()
    .positive()
    .default(1_000_000)
    .describe('Latency threshold of variants not listed in `endpoints`, in microseconds (1 s)'),
  defaultTarget: z.number().gt(0).lt(1).default(0.99).describe('SLO target of variants not listed in `endpoints`'),
  endpoints: z
    .record(z.string().min(1), Objective)
    .default({})
    .describe('Per endpoint: "<EndpointName>/<VariantName>", or "<EndpointName>" for all its variants: {thresholdMicros, target}'),
});

export type ModelLatencySloParams = z.infer<typeof ModelLatencySloParameters>;
export type LatencyObjective = z.infer<typeof Objective>;

export const modelLatencySloBurn: RelayedDetection<ModelLatencySloParams> = {
  definition: MODEL_LATENCY_SLO_BURN,
  parameters: ModelLatencySloParameters,
  source: {
    rule: endpointLatencyRule.name,
    pattern: endpointLatencyRule.pattern,
    function: 'endpoint-latency',
    severity:
      'high when a page rule fires (14.4× over 1 h and 5 min, or 6× over 6 h and 30 min), medium for the ticket rule (1× over 3 d and 6 h)',
    mitre: 'none (an operational SLO, not an attack)',
    dedup: 'per endpoint, variant and level: a page within 6 h of event time, a ticket within 3 days',
  },
};

/** The variant's objective: its own entry, else its endpoint's, else the defaults. */
export function objectiveFor(params: ModelLatencySloParams, endpoint: string, variant: string): LatencyObjective {
  return (
    params.endpoints[`${endpoint}/${variant}`] ??
    params.endpoints[endpoint] ?? { thresholdMicros: params.defaultThresholdMicros, target: params.defaultTarget }
  );
}
