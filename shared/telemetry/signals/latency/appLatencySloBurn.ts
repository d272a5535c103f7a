import { z } from 'zod';
import appTelemetryRule from '../../../../events/rules/app-telemetry.json';
import type { DetectionDefinition } from '../../../detections/definition';
import type { RelayedDetection } from '../../../detections/relayed';
import { APP_SIGNALS_FUNCTION } from '../origin';

export const APP_LATENCY_SLO_BURN: DetectionDefinition = {
  id: 'app-latency-slo-burn',
  title: 'Client-observed API latency burning its SLO error budget',
  severity: 'high',
  mitre: [],
  dedupWindowMinutes: 6 * 60,
};

const Objective = z.strictObject({
  thresholdMs: z.number().int().positive().describe('Client-observed latency at or under which a request is good, in milliseconds'),
  target: z.number().gt(0).lt(1).describe('Share of good requests the SLO promises over 30 days (0.99: 1 % error budget)'),
});

const Parameters = z.strictObject({
  defaultThresholdMs: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe('Latency threshold of apps not listed in `apps`, in milliseconds (`api_request` durationMs)'),
  defaultTarget: z.number().gt(0).lt(1).default(0.99).describe('SLO target of apps not listed in `apps`'),
  apps: z.record(z.string().min(1), Objective).default({}).describe("Per app id: {thresholdMs, target}, this stage's SLO of that app"),
  noResponseIsBad: z
    .boolean()
    .default(true)
    .describe('Count a request that got no response (status 0: timeout, connection lost) as bad whatever its duration'),
});

export type AppLatencySloParams = z.output<typeof Parameters>;
export type AppLatencyObjective = z.infer<typeof Objective>;

/**
 * app-latency-slo-burn: the share of an app's backend calls (`api_request`, as the client timed them) slower than the
 * stage's threshold burns the SLO's error budget too fast: the multi-window burn rates of shared/slo/burnRate.ts
 * (14.4× over 1 h and 5 min or 6× over 6 h and 30 min page, high; 1× over 3 days and 6 h is a ticket, medium), as
 * model-latency-slo-burn judges a model endpoint. Concluded by functions/app-telemetry
 * (shared/telemetry/signals/latency/AppLatencySloMonitor.ts); the SLO is this stage's, from `detectionOverrides`.
 */
export const appLatencySloBurn: RelayedDetection<AppLatencySloParams> = {
  definition: APP_LATENCY_SLO_BURN,
  parameters: Parameters,
  source: {
    rule: appTelemetryRule.name,
    pattern: appTelemetryRule.pattern,
    function: APP_SIGNALS_FUNCTION,
    severity:
      'high when a page rule fires (14.4× over 1 h and 5 min, or 6× over 6 h and 30 min), medium for the ticket rule (1× over 3 d and 6 h)',
    mitre: 'none (an operational SLO, not an attack)',
    dedup: 'per app, environment and level: a page within 6 h of event time, a ticket within 3 days',
  },
};

/** The app's objective in this stage: its own entry, else the defaults. */
export function appObjective(params: AppLatencySloParams, app: string): AppLatencyObjective {
  return params.apps[app] ?? { thresholdMs: params.defaultThresholdMs, target: params.defaultTarget };
}
