import type { DetectionDefinition } from '../detections/definition';
import { runbookFor } from '../detections/definition';
import type { Escalation, OnCall, Recipient, Rotation, Schedule } from './model';
import { severityLevels } from './responseSlas';

/**
 * The generated parts of the Incident Response Playbook (docs/incident-response/): the severity levels and
 * their SLAs (responseSlas.ts, with the routing's priority and paging), the escalation paths (from the
 * on-call definition, infra/oncall/) and the runbook index (every registered and relayed detection). Pure,
 * so a test regenerates them in memory and fails when a committed file is out of date (`npm run docs`).
 */

const DIR = 'docs/incident-response';
const GENERATED = (source: string) => `<!-- Generated from ${source} by \`npm run docs:incident-response\`. Do not edit. -->`;

/** Where each generated file lives, relative to the repository root. */
const INCIDENT_RESPONSE_DOCS = {
  severityLevels: `${DIR}/severity-levels.md`,
  escalationPaths: `${DIR}/escalation-paths.md`,
  runbooks: `${DIR}/runbooks.md`,
} as const;

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${minutes / 60} h`;
  const days = minutes / (24 * 60);
  return `${days} day${days === 1 ? '' : 's'}`;
}

function renderSeverityLevels(): string {
  const rows = severityLevels().map(
    (l) =>
      `| ${l.level} | ${l.severity} | ${l.priority} | ${l.pages ? 'yes' : 'no (SIEM only)'} | ${duration(l.acknowledgeMinutes)} | ` +
      `${duration(l.resolveHours * 60)} | ${l.hours} | ${l.incident ? 'yes' : 'no'} | ${l.meaning} |`,
  );
  return [
    '# Severity levels and response SLAs',
    '',
    GENERATED('shared/oncall/responseSlas.ts and the routing (shared/alerts/severity.ts)'),
    '',
    "A finding's severity decides its OpsGenie priority, whether it pages, and how fast it is answered. The",
    "priority and paging columns are read from the router's own mapping, so this table is what the router does.",
    'Paging shown with the default threshold (`pageAtOrAbove: high`); a stage may page less (dev pages critical',
    'only: `serverless.yml` params). Acknowledge and resolve count from the alert; "business hours" SLAs count',
    'working hours of the owning team. Every finding reaches the SIEM whatever its severity.',
    '',
    '| level | severity | OpsGenie | pages | acknowledge within | resolve within | clock | incident | meaning |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'An alert not acknowledged within its SLA escalates (see [escalation paths](escalation-paths.md)). If unsure of',
    'the level, take the higher one; the incident commander may raise or lower it as facts arrive.',
    '',
  ].join('\n');
}

function recipientText(r: Recipient): string {
  if (r.type === 'user') return `user ${r.username}`;
  return `${r.type} \`${r.name}\``;
}

function restrictionText(rotation: Rotation): string {
  const r = rotation.timeRestriction;
  if (r === undefined) return 'always';
  const hm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  if (r.type === 'time-of-day') {
    const { startHour, startMin, endHour, endMin } = r.restriction;
    return `every day ${hm(startHour, startMin)}–${hm(endHour, endMin)}`;
  }
  return r.restrictions
    .map((x) => `${x.startDay.slice(0, 3)} ${hm(x.startHour, x.startMin)}–${x.endDay.slice(0, 3)} ${hm(x.endHour, x.endMin)}`)
    .join(', ');
}

function participantsText(rotation: Rotation): string {
  return rotation.participants.map((p) => (p.type === 'user' ? p.username : p.type === 'team' ? `team ${p.name}` : '(nobody)')).join(' → ');
}

const TURN_UNIT = { hourly: 'hour', daily: 'day', weekly: 'week' } as const;

function scheduleSection(schedule: Schedule): string[] {
  return [
    `#### Schedule \`${schedule.name}\` (${schedule.timezone})`,
    '',
    schedule.description,
    '',
    '| rotation | hand-over | on call | participants, in turn |',
    '|---|---|---|---|',
    ...schedule.rotations.map(
      (r) =>
        `| ${r.name} | every ${r.length} ${TURN_UNIT[r.type]}${r.length === 1 ? '' : 's'} from ${r.startDate} | ` +
        `${restrictionText(r)} | ${participantsText(r)} |`,
    ),
    '',
  ];
}

function escalationSection(escalation: Escalation): string[] {
  const repeat = escalation.repeat
    ? `Repeats ${escalation.repeat.count} time(s), ${escalation.repeat.waitInterval} min after the last step, while unacknowledged.`
    : 'Does not repeat.';
  return [
    `#### Escalation \`${escalation.name}\``,
    '',
    escalation.description,
    '',
    '| after | if | notify |',
    '|---|---|---|',
    ...escalation.rules.map((r) => `| ${r.delayMinutes} min | ${r.condition} | ${recipientText(r.recipient)} |`),
    '',
    repeat,
    '',
  ];
}

function renderEscalationPaths(onCall: OnCall): string {
  const lines = [
    '# Escalation paths',
    '',
    GENERATED('the on-call definition (infra/oncall/)'),
    '',
    'Who is called, in which order, for an alert of each team. The definition is code: change it in',
    '`infra/oncall/`, run `npx vigil oncall validate`, then `npx vigil oncall plan` and `apply` against OpsGenie',
    '(docs/incident-response/README.md). Validation guarantees that every team has a schedule and an escalation,',
    'that every schedule has someone on call at every minute, and that everyone named exists.',
    '',
  ];
  for (const team of onCall.teams) {
    lines.push(`## Team \`${team.name}\``, '', team.description, '');
    lines.push(`Members: ${team.members.map((m) => `${m.username}${m.role === 'admin' ? ' (admin)' : ''}`).join(', ')}.`, '');
    for (const s of onCall.schedules.filter((x) => x.ownerTeam === team.name)) lines.push(...scheduleSection(s));
    for (const e of onCall.escalations.filter((x) => x.ownerTeam === team.name)) lines.push(...escalationSection(e));
  }
  lines.push(
    '## Heartbeats',
    '',
    'Vigil pings one heartbeat per stage (functions/heartbeat); when the pings stop, OpsGenie raises the alert',
    'below to the owning team. See "Vigil is silent" in the [playbook](README.md#vigil-is-silent).',
    '',
    '| heartbeat | expires after | alert | priority | owner |',
    '|---|---|---|---|---|',
    ...onCall.heartbeats.map(
      (h) => `| \`${h.name}\` | ${h.interval} ${h.intervalUnit} | ${h.alertMessage} | ${h.alertPriority} | \`${h.ownerTeam}\` |`,
    ),
    '',
  );
  return lines.join('\n');
}

interface RunbookEntry {
  definition: Pick<DetectionDefinition, 'id' | 'title' | 'severity'>;
  /** "detector" for a registered detection, the function that relays it, or `pipeline:<function>` for Vigil's own. */
  source: string;
}

function renderRunbooks(entries: readonly RunbookEntry[]): string {
  const levels = new Map(severityLevels().map((l) => [l.severity, l]));
  return [
    '# Runbooks',
    '',
    GENERATED(
      'the registered detections (shared/detections/rules/), the relayed ones (shared/detections/relayed.ts) and ' +
        'the pipeline ones (shared/drill/targets.ts)',
    ),
    '',
    "Every detection's runbook, for the on-call engineer: what the finding means, triage, containment. Each",
    'alert carries its runbook in its details (`runbook`) and description, and each finding in `runbook`. The',
    "level is the detection's default severity (a finding may be raised above it, and a stage may override it).",
    '',
    '| detection | title | default level | acknowledge within | runbook |',
    '|---|---|---|---|---|',
    ...entries.map(({ definition: d, source }) => {
      const level = levels.get(d.severity)!;
      const relayed = `relayed by \`functions/${source}\`; level from the source's severity`;
      const raised = `Vigil's own, raised by \`functions/${source.replace(/^pipeline:/, '')}\``;
      const title = source === 'detector' ? d.title : `${d.title} (${source.startsWith('pipeline:') ? raised : relayed})`;
      const link = `[${d.id}.md](../runbooks/${d.id}.md)`;
      return `| \`${d.id}\` | ${title} | ${level.level} (${d.severity}) | ${duration(level.acknowledgeMinutes)} | ${link} |`;
    }),
    '',
  ].join('\n');
}

/** Every generated file of the playbook, path → content. */
function renderIncidentResponseDocs(input: { onCall: OnCall; detections: readonly RunbookEntry[] }): Record<string, string> {
  for (const { definition } of input.detections) {
    if (runbookFor(definition.id) !== `docs/runbooks/${definition.id}.md`) throw new Error('runbook paths moved: update playbookDocs.ts');
  }
  return {
    [INCIDENT_RESPONSE_DOCS.severityLevels]: renderSeverityLevels(),
    [INCIDENT_RESPONSE_DOCS.escalationPaths]: renderEscalationPaths(input.onCall),
    [INCIDENT_RESPONSE_DOCS.runbooks]: renderRunbooks(input.detections),
  };
}

export { INCIDENT_RESPONSE_DOCS, renderIncidentResponseDocs };
export type { RunbookEntry };
