import { z } from 'zod';
import { ConfigError } from '../config/errors';
import { SEVERITIES } from '../findings/types';

/** Per-stage tuning of one detection (DETECTION_OVERRIDES), keyed by detection id. */
const DetectionOverrideSchema = z
  .object({
    enabled: z.boolean().optional(),
    severity: z.enum(SEVERITIES).optional(),
    dedupWindowMinutes: z.number().int().positive().max(7 * 24 * 60).optional(),
  })
  .strict();

export type DetectionOverride = z.infer<typeof DetectionOverrideSchema>;
export type DetectionOverrides = Record<string, DetectionOverride>;

/** Validates overrides against the known detection ids: a typo must fail the deploy, not silently do nothing. */
export function parseDetectionOverrides(raw: Record<string, unknown>, knownIds: readonly string[]): DetectionOverrides {
  const unknown = Object.keys(raw).filter((id) => !knownIds.includes(id));
  if (unknown.length > 0) {
    throw new ConfigError(`DETECTION_OVERRIDES names unknown detection(s): ${unknown.join(', ')}`);
  }
  const result = z.record(z.string(), DetectionOverrideSchema).safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`DETECTION_OVERRIDES is invalid: ${problems}`);
  }
  return result.data;
}
