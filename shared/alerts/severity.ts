import { SEVERITIES, compareSeverity, isSeverity, moreSevere, severityRank, type Severity } from '../findings/severity';

/**
 * One severity scale, three vocabularies. The mapping is Vigil's own convention (no vendor defines one); the OCSF
 * labels are the `severity_id` enum of ocsf/ocsf-schema: dictionary.json:
 *
 * | Vigil    | OpsGenie | OCSF severity_id / severity |
 * |----------|----------|-----------------------------|
 * | critical | P1       | 5 Critical                  |
 * | high     | P2       | 4 High                      |
 * | medium   | P3       | 3 Medium                    |
 * | low      | P4       | 2 Low                       |
 * | info     | P5       | 1 Informational             |
 *
 * OCSF's 0 Unknown, 6 Fatal and 99 Other have no Vigil counterpart: Vigil never emits them, and
 * {@link severityFromOcsf} maps Fatal to critical and refuses the other two.
 */

type OpsGeniePriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
type OcsfSeverityId = 1 | 2 | 3 | 4 | 5;
type OcsfSeverityLabel = 'Informational' | 'Low' | 'Medium' | 'High' | 'Critical';

const OPSGENIE_PRIORITY = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  info: 'P5',
} as const satisfies Record<Severity, OpsGeniePriority>;

const OCSF_SEVERITY = {
  critical: { severity_id: 5, severity: 'Critical' },
  high: { severity_id: 4, severity: 'High' },
  medium: { severity_id: 3, severity: 'Medium' },
  low: { severity_id: 2, severity: 'Low' },
  info: { severity_id: 1, severity: 'Informational' },
} as const satisfies Record<Severity, { severity_id: OcsfSeverityId; severity: OcsfSeverityLabel }>;

function toOpsGeniePriority(severity: Severity): OpsGeniePriority {
  severityRank(severity); // validates
  return OPSGENIE_PRIORITY[severity];
}

function severityFromOpsGeniePriority(priority: OpsGeniePriority): Severity {
  const found = SEVERITIES.find((s) => OPSGENIE_PRIORITY[s] === priority);
  if (!found) throw new TypeError(`Unknown OpsGenie priority "${String(priority)}"; expected P1..P5`);
  return found;
}

function toOcsfSeverity(severity: Severity): { severity_id: OcsfSeverityId; severity: OcsfSeverityLabel } {
  severityRank(severity); // validates
  const { severity_id, severity: label } = OCSF_SEVERITY[severity];
  return { severity_id, severity: label };
}

/** OCSF severity_id → Vigil severity. 6 Fatal folds into critical; 0 Unknown and 99 Other are refused. */
function severityFromOcsf(severityId: number): Severity {
  if (severityId === 6) return 'critical';
  const found = SEVERITIES.find((s) => OCSF_SEVERITY[s].severity_id === severityId);
  if (!found) throw new TypeError(`OCSF severity_id ${severityId} has no Vigil severity (expected 1..6)`);
  return found;
}

/**
 * The paging threshold when a stage sets none: critical and high page, lower severities go to the SIEM only
 * (README.md data flow). The router's config (shared/config/schemas.ts) and the local config default to it.
 */
const DEFAULT_PAGE_AT_OR_ABOVE: Severity = 'high';

/**
 * Whether a finding of this severity should page a human (go to OpsGenie). By default only critical
 * and high page; everything goes to the SIEM regardless (README.md data flow).
 */
function shouldPage(severity: Severity, pageAtOrAbove: Severity = DEFAULT_PAGE_AT_OR_ABOVE): boolean {
  return severityRank(severity) >= severityRank(pageAtOrAbove);
}

export {
  DEFAULT_PAGE_AT_OR_ABOVE,
  OPSGENIE_PRIORITY,
  OCSF_SEVERITY,
  compareSeverity,
  isSeverity,
  moreSevere,
  severityFromOcsf,
  severityFromOpsGeniePriority,
  severityRank,
  shouldPage,
  toOcsfSeverity,
  toOpsGeniePriority,
};
export type { OcsfSeverityId, OcsfSeverityLabel, OpsGeniePriority };
