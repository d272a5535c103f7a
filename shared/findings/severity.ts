/**
 * The severity scale, once: the order, the ranking and the comparisons that detectors, the finding
 * store and the alert router all use. Findings own it; alerts (shared/alerts/severity.ts) map it to
 * OpsGenie priorities and OCSF severity ids and decide what pages.
 */

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Rank for comparisons: info 0 … critical 4. Throws on a value outside the scale. */
export function severityRank(severity: Severity): number {
  const index = SEVERITIES.indexOf(severity);
  if (index < 0) throw new TypeError(`Unknown severity "${String(severity)}"; expected one of ${SEVERITIES.join(', ')}`);
  return SEVERITIES.length - 1 - index;
}

/** `a` more severe than `b` → positive; equal → 0; less severe → negative. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/** The more severe of the two (`a` when they are equal). */
export function moreSevere(a: Severity, b: Severity): Severity {
  return compareSeverity(b, a) > 0 ? b : a;
}
