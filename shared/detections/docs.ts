import type { Detection, ParameterSchema } from './detection';
import { runbookFor } from './definition';
import { RELAYED_DETECTIONS, type RelayedDetection } from './relayed';
import { MAX_MEMBERS_PER_BUCKET } from './state/DetectionStateStore';

/** Where the generated catalogue lives, relative to the repository root. */
export const DETECTIONS_DOC = 'docs/detections.md';

const KIND_MEANING: Record<Detection['kind'], string> = {
  stateless: 'one event decides',
  window: 'count over a sliding window of event time, per group key',
  'distinct-count': 'distinct values over a sliding window of event time, per group key',
  sequence: 'an ordered sequence under one group key',
  baseline: "a window over a static floor compared with the subject's own hourly history",
};

/**
 * docs/detections.md from the registry (shared/detections/rules/index.ts): a pure function, so a
 * test can regenerate it in memory and fail when the committed file is out of date.
 */
export function renderDetectionsMarkdown(
  detections: readonly Detection[],
  relayed: readonly RelayedDetection[] = RELAYED_DETECTIONS,
): string {
  const lines = [
    '# Detections',
    '',
    '<!-- Generated from the registered detections (shared/detections/rules/) by `npm run docs:detections`. Do not edit. -->',
    '',
    'Every detection the security detector runs. The id is a contract: it appears in every finding (`detection`),',
    "in alert aliases and in its runbook's file name. Severity is the default: a detection may raise it (e.g. Root),",
    'and a stage may override it.',
    '',
    '| id | title | severity | MITRE | kind | runbook |',
    '|---|---|---|---|---|---|',
    ...detections.map((d) => {
      const { id, title, severity, mitre } = d.definition;
      return `| \`${id}\` | ${title} | ${severity} | ${mitre.join(', ')} | ${d.kind} | [${id}.md](${relative(runbookFor(id))}) |`;
    }),
    '',
    'Findings other services concluded, relayed by a Vigil function (same finding model, runbooks and tuning):',
    '',
    '| id | title | severity | MITRE | relayed by | runbook |',
    '|---|---|---|---|---|---|',
    ...relayed.map((d) => {
      const { id, title } = d.definition;
      const link = `[${id}.md](${relative(runbookFor(id))})`;
      return `| \`${id}\` | ${title} | from the finding | from the finding | \`functions/${d.source.function}\` | ${link} |`;
    }),
    '',
    '## Tuning per stage',
    '',
    '`detectionOverrides` (in `infra/config/<stage>.yml` for a stage, in a `vigil replay --config` file locally)',
    'maps a detection id to `enabled`, `severity`, `dedupWindowMinutes` and `parameters`. Parameters are checked',
    "against the detection's own schema when a stage is packaged and again at cold start: an unknown detection id,",
    'an unknown parameter or a bad value stops the deploy (or the function, with a ConfigError) naming the',
    'detection and the key. Parameters not given keep their defaults. A parameter several detections declare (the',
    'Cognito `appClientPools` map) can be set once under `"*"`: it reaches every detection that declares it, and a',
    "detection's own value wins.",
    '',
    '```json',
    '{ "console-bruteforce-per-user": { "severity": "high", "parameters": { "threshold": 10, "windowMinutes": 30 } } }',
    '```',
    '',
    '## Stateful detections',
    '',
    'Window and sequence detections work in event time, never wall time, so a replay raises what production',
    'raised. Each event is turned into observations (group key, event-time minute bucket, event id, value) by a',
    'pure step; the detector aggregates a whole batch and writes one DynamoDB `ADD` to a string set per detection,',
    'key and minute (DetectionState table). Adding a member twice is a no-op, so a redelivered event never counts',
    "twice, and concurrent Lambdas never race. The decision then reads the key's buckets around the batch's events.",
    '',
    '- A window is shorter than `windowMinutes` and ends at an event; it fires when its count reaches `threshold`.',
    '  The finding lists the events of every window that reached it, each placed in the dedup window of its own',
    '  event time (a burst across a dedup-window boundary is one finding per dedup window).',
    "- A sequence's first step is another detection's window state under the same key; its findings are placed at",
    "  the last step's event time and list the events of both steps.",
    '- A baseline detection counts an amount (bytes, calls) over a window. A window reaching its static floor is',
    "  compared with the subject's own history: one rollup per key and event-time hour (total, count, distinct",
    "  attributes such as source IPs), recomputed from that hour's buckets whenever a batch adds to it and stored",
    '  only if it holds more events than the stored one, so it is idempotent and needs no read-modify-write. The',
    '  reference is the peak hourly total at the same time of day (± `hourSpread` hours) over the lookback, the',
    '  peak of any hour while the history is younger than `minHistoryDays`, nothing (the floor alone) without',
    '  history. The hours just before the window (`settleHours`) are left out: late events may still be filling',
    '  them, and they would make the decision depend on arrival order.',
    '- Decisions are monotone (more events never remove a window or a match), so arrival order, redelivery and',
    '  batch boundaries do not change the findings.',
    '- Every decision re-reads the whole window, so each event is emitted to a finding once: the detector marks',
    "  (event, finding window) pairs as emitted, in the same table, once the finding store has them. A finding's",
    '  count is its number of distinct events, also past the 100 event ids it lists.',
    `- A minute bucket holds at most ${MAX_MEMBERS_PER_BUCKET} events per key (counts saturate there); state expires one day after its`,
    "  detection's horizon (TTL), rollups a day after the lookback, so events later than that are counted on their own.",
    "- Each stored event keeps its region. A finding's region is its group's when the key names one (an account and",
    "  region), else its events'; a group spanning regions takes its earliest event's (ties: the smaller name), whatever",
    '  the arrival order.',
    '',
  ];
  for (const d of detections) lines.push(...section(d));
  for (const d of relayed) lines.push(...relayedSection(d));
  return `${lines.join('\n').trimEnd()}\n`;
}

function relayedSection(d: RelayedDetection): string[] {
  const { id, title, dedupWindowMinutes } = d.definition;
  return [
    `## ${id}`,
    '',
    `${title}, relayed by \`functions/${d.source.function}\` from the events of the rule \`events/rules/${d.source.rule}.json\`.`,
    '',
    `- Severity: ${d.source.severity}`,
    `- MITRE ATT&CK: ${d.source.mitre}`,
    '- Kind: relayed (the source decided; Vigil maps, deduplicates and routes)',
    `- Dedup: ${d.source.dedup} (window ${dedupWindowMinutes} minutes)`,
    `- Runbook: [${runbookFor(id)}](${relative(runbookFor(id))})`,
    '',
    'Events (EventBridge pattern):',
    '',
    '```json',
    JSON.stringify(d.source.pattern),
    '```',
    '',
    ...parameterTable(d.parameters),
  ];
}

function parameterTable(schema: ParameterSchema<unknown>): string[] {
  const defaults = schema.parse({}) as Record<string, unknown>;
  const parameters = Object.entries(schema.shape);
  if (parameters.length === 0) return ['Parameters: none.', ''];
  return [
    '| parameter | default | meaning |',
    '|---|---|---|',
    ...parameters.map(([name, p]) => `| \`${name}\` | \`${JSON.stringify(defaults[name])}\` | ${p.description ?? ''} |`),
    '',
  ];
}

function section(d: Detection): string[] {
  const { id, title, severity, mitre, dedupWindowMinutes } = d.definition;
  const defaults = d.parameters.parse({}) as Record<string, unknown>;
  const parameters = Object.entries(d.parameters.shape);
  const lines = [
    `## ${id}`,
    '',
    `${title}.`,
    '',
    `- Severity: ${severity}`,
    `- MITRE ATT&CK: ${mitre.join(', ') || 'none'}`,
    `- Kind: ${d.kind} (${KIND_MEANING[d.kind]})`,
    ...(d.kind === 'sequence' ? [`- First step: ${d.precededBy.map((p) => `\`${p}\``).join(', ')}`] : []),
    ...(d.kind === 'baseline' ? [`- History: ${d.lookbackDays(defaults)} days of hourly rollups per key`] : []),
    `- Dedup window: ${dedupWindowMinutes} minutes`,
    `- Runbook: [${runbookFor(id)}](${relative(runbookFor(id))})`,
    '',
    'Trigger (EventBridge pattern):',
    '',
    '```json',
    JSON.stringify(d.trigger),
    '```',
    '',
  ];
  if (parameters.length === 0) return [...lines, 'Parameters: none.', ''];
  return [
    ...lines,
    '| parameter | default | meaning |',
    '|---|---|---|',
    ...parameters.map(([name, schema]) => `| \`${name}\` | \`${JSON.stringify(defaults[name])}\` | ${schema.description ?? ''} |`),
    '',
  ];
}

/** A link from docs/detections.md to another file under docs/. */
function relative(path: string): string {
  return path.replace(/^docs\//, '');
}
