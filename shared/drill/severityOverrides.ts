import { SEVERITIES, type Severity } from '../findings/severity';

/**
 * The severities a stage's detectionOverrides sets (already validated where they are used for detection),
 * so a drill pages exactly as that stage's findings would.
 */
export function severityOverrides(overrides: Readonly<Record<string, unknown>>): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [id, value] of Object.entries(overrides)) {
    const severity = (value as { severity?: unknown } | null)?.severity;
    if (typeof severity === 'string' && (SEVERITIES as readonly string[]).includes(severity)) out[id] = severity as Severity;
  }
  return out;
}
