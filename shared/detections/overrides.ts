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
 * The key under which a stage sets parameters shared by several detections once (the Cognito app
 * client → user pool map, say): each goes to every detection that declares a parameter of that name,
 * under the detection's own override. A shared parameter no detection declares is a typo, and an error.
 */
export const SHARED_PARAMETERS_KEY = '*';

const SharedOverrideSchema = z.strictObject({ parameters: z.record(z.string(), z.unknown()) });

/**
 * Validates overrides against the registered detections: an unknown id, an unknown parameter or a
 * bad value must fail the cold start (and so the deploy), not silently do nothing. The result holds
 * each detection's parameters with the defaults filled in.
 */
export function parseDetectionOverrides(raw: Record<string, unknown>, detections: readonly Tunable[]): DetectionOverrides {
  const byId = new Map(detections.map((d) => [d.definition.id, d]));
  const { [SHARED_PARAMETERS_KEY]: sharedRaw, ...perDetection } = raw;
  const unknown = Object.keys(perDetection).filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new ConfigError(`DETECTION_OVERRIDES names unknown detection(s): ${unknown.join(', ')}`);
  }
  const result = z.record(z.string(), DetectionOverrideSchema).safeParse(withShared(perDetection, sharedRaw, detections));
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

/** The per-detection overrides with the shared parameters merged under each detection that declares them. */
function withShared(perDetection: Record<string, unknown>, sharedRaw: unknown, detections: readonly Tunable[]): Record<string, unknown> {
  if (sharedRaw === undefined) return perDetection;
  const shared = SharedOverrideSchema.safeParse(sharedRaw);
  if (!shared.success) {
    throw new ConfigError(`DETECTION_OVERRIDES is invalid: ${describeIssues(shared.error.issues, [SHARED_PARAMETERS_KEY])}`);
  }
  const names = Object.keys(shared.data.parameters);
  const undeclared = names.filter((name) => !detections.some((d) => name in d.parameters.shape));
  if (undeclared.length > 0) {
    throw new ConfigError(
      `DETECTION_OVERRIDES "${SHARED_PARAMETERS_KEY}" sets parameter(s) no detection declares: ${undeclared.join(', ')}`,
    );
  }
  const merged: Record<string, unknown> = { ...perDetection };
  for (const detection of detections) {
    const declared = names.filter((name) => name in detection.parameters.shape);
    if (declared.length === 0) continue;
    const id = detection.definition.id;
    const own = (merged[id] ?? {}) as { parameters?: Record<string, unknown> };
    const sharedHere = Object.fromEntries(declared.map((name) => [name, shared.data.parameters[name]]));
    merged[id] = { ...own, parameters: { ...sharedHere, ...(own.parameters ?? {}) } };
  }
  return merged;
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
