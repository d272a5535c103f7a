import { z } from 'zod';
import { ConfigError } from '../config/errors';
import { SEVERITIES } from '../findings/types';
import type { Detection } from './detection';

/** What overrides are checked against: a detection's id (definition) and its parameter schema. */
type Tunable<P = unknown> = Pick<Detection<P>, 'definition' | 'parameters'>;

/**
 * Per-stage tuning of one detection (DETECTION_OVERRIDES), keyed by detection id. `parameters`
 * is checked against that detection's own schema (docs/detections.md lists each one's keys and
 * defaults), e.g. `{"console-bruteforce-per-user": {"severity": "high", "parameters": {"threshold": 10}}}`.
 */
const DetectionOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  dedupWindowMinutes: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export type DetectionOverride = z.infer<typeof DetectionOverrideSchema>;
export type DetectionOverrides = Record<string, DetectionOverride>;

/**
 * Validates overrides against the registered detections: an unknown id, an unknown parameter or a
 * bad value must fail the cold start (and so the deploy), not silently do nothing. The result holds
 * each detection's parameters with the defaults filled in.
 */
export function parseDetectionOverrides(raw: Record<string, unknown>, detections: readonly Tunable[]): DetectionOverrides {
  const byId = new Map(detections.map((d) => [d.definition.id, d]));
  const unknown = Object.keys(raw).filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new ConfigError(`DETECTION_OVERRIDES names unknown detection(s): ${unknown.join(', ')}`);
  }
  const result = z.record(z.string(), DetectionOverrideSchema).safeParse(raw);
  if (!result.success) throw new ConfigError(`DETECTION_OVERRIDES is invalid: ${describeIssues(result.error.issues)}`);
  const overrides: DetectionOverrides = {};
  for (const [id, override] of Object.entries(result.data)) {
    overrides[id] =
      override.parameters === undefined
        ? override
        : { ...override, parameters: resolveParameters(byId.get(id)!, override.parameters) as Record<string, unknown> };
  }
  return overrides;
}

/** The detection's parameters: the defaults, with the given values over them. @throws ConfigError naming the detection and key */
export function resolveParameters<P>(detection: Tunable<P>, given: Record<string, unknown> = {}): P {
  const result = detection.parameters.safeParse(given);
  if (result.success) return result.data;
  const prefix = [detection.definition.id, 'parameters'];
  throw new ConfigError(`DETECTION_OVERRIDES is invalid: ${describeIssues(result.error.issues, prefix)}`);
}

function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string {
  return issues.map((i) => `${[...prefix, ...i.path].map(String).join('.')}: ${i.message}`).join('; ');
}
