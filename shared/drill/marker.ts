import type { Finding } from '../findings/types';

/**
 * How a drill finding is told apart from a real one, everywhere it goes: its `source` is `vigil.drill`
 * and its evidence names the drill run. Sinks add their own visible marks from this (the OpsGenie tag
 * `drill`, the OCSF label `drill` and `unmapped.drill`); its title starts with DRILL_TITLE_PREFIX.
 * Drill findings are put on the bus by the drill alone, never written to the Findings table, so no
 * findings count, summary or report sees them as incidents.
 */
export const DRILL_SOURCE = 'vigil.drill';
export const DRILL_TAG = 'drill';
export const DRILL_TITLE_PREFIX = '[DRILL] ';
/** The evidence key holding the drill run's id. */
export const DRILL_EVIDENCE_KEY = 'drillRun';

/** The drill run a finding belongs to, or undefined for a real finding. */
export function drillRunOf(finding: Pick<Finding, 'source' | 'evidence'>): string | undefined {
  if (finding.source !== DRILL_SOURCE) return undefined;
  const run = finding.evidence[DRILL_EVIDENCE_KEY];
  return typeof run === 'string' && run !== '' ? run : undefined;
}

export function isDrill(finding: Pick<Finding, 'source' | 'evidence'>): boolean {
  return drillRunOf(finding) !== undefined;
}
