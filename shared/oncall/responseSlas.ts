import { DEFAULT_PAGE_AT_OR_ABOVE, OPSGENIE_PRIORITY, shouldPage, type OpsGeniePriority } from '../alerts/severity';
import { SEVERITIES, type Severity } from '../findings/severity';

/**
 * Severity levels and their response SLAs: how soon a finding of each severity is acknowledged and
 * resolved (contained, for a security incident). The OpsGenie priority and whether it pages are not
 * restated: they are read from the routing's own mapping (shared/alerts/severity.ts) so the playbook
 * cannot drift from what the router sends. The levels follow the reference notes' severity model
 * (../shared/reference/alerting.md §5.2, after PagerDuty's incident-response SEV levels and Google SRE's
 * 5 / 30 minute response expectations); the figures are Vigil's own commitments.
 */

interface ResponseSla {
  /** The incident level used in the playbook and on the incident channel. */
  level: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4' | 'SEV5';
  meaning: string;
  /** Acknowledge within (minutes from the alert; for what does not page, counted in business hours on the queue). */
  acknowledgeMinutes: number;
  /** Contain and resolve within (hours from the alert). */
  resolveHours: number;
  /** When the clock runs. */
  hours: '24/7' | 'business hours';
  /** Whether it opens an incident (incident commander, war room, status updates). */
  incident: boolean;
}

const RESPONSE_SLAS = {
  critical: {
    level: 'SEV1',
    meaning: 'confirmed compromise, destructive or evasive activity (CloudTrail stopped, keys scheduled for deletion), or Vigil blind',
    acknowledgeMinutes: 5,
    resolveHours: 4,
    hours: '24/7',
    incident: true,
  },
  high: {
    level: 'SEV2',
    meaning: 'likely compromise or privilege abuse (account takeover risk, admin policy granted, data shared outside)',
    acknowledgeMinutes: 15,
    resolveHours: 24,
    hours: '24/7',
    incident: true,
  },
  medium: {
    level: 'SEV3',
    meaning: 'suspicious but contained (blocked sprays, configuration drift, a new access path)',
    acknowledgeMinutes: 4 * 60,
    resolveHours: 3 * 24,
    hours: 'business hours',
    incident: false,
  },
  low: {
    level: 'SEV4',
    meaning: 'hygiene: single failures, low-risk changes',
    acknowledgeMinutes: 24 * 60,
    resolveHours: 14 * 24,
    hours: 'business hours',
    incident: false,
  },
  info: {
    level: 'SEV5',
    meaning: 'context for investigations (SIEM only)',
    acknowledgeMinutes: 5 * 24 * 60,
    resolveHours: 30 * 24,
    hours: 'business hours',
    incident: false,
  },
} as const satisfies Record<Severity, ResponseSla>;

interface SeverityLevel extends ResponseSla {
  severity: Severity;
  priority: OpsGeniePriority;
  /** With the default threshold (a stage may page less: serverless.yml `pageAtOrAbove`). */
  pages: boolean;
}

/** Every severity, most severe first, with its SLA, OpsGenie priority and paging. */
function severityLevels(pageAtOrAbove: Severity = DEFAULT_PAGE_AT_OR_ABOVE): SeverityLevel[] {
  return SEVERITIES.map((severity) => ({
    severity,
    ...RESPONSE_SLAS[severity],
    priority: OPSGENIE_PRIORITY[severity],
    pages: shouldPage(severity, pageAtOrAbove),
  }));
}

export { RESPONSE_SLAS, severityLevels };
export type { ResponseSla, SeverityLevel };
