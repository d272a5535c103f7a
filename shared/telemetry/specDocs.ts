import {
  APP_TELEMETRY_SCHEMA_VERSION,
  APP_TELEMETRY_SCHEMA_VERSIONS,
  DATA_CLASSES,
  DEFAULT_RETENTION_DAYS,
  type SpecFieldJson,
  telemetrySpecJson,
  type TelemetrySpecJson,
} from '../../events/telemetry';

/** Where the generated Mobile Telemetry Spec lives, relative to the repository root. */
export const TELEMETRY_SPEC_DOC = 'docs/telemetry-spec.md';

/** The Sentry structures every crash and error event shares: documented once, referred to by each event. */
const CRASH_FIELDS = /^(exception|threads|fingerprint|platform)(\.|\[|$)/;
const isCrashField = (f: SpecFieldJson) => f.location === 'event' && CRASH_FIELDS.test(f.name);

/** The rules of a field in a few words, as the tables show them. */
export function describeRules(f: SpecFieldJson): string {
  const rules: string[] = [];
  if (f.enum) rules.push(`one of ${f.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  if (f.format) rules.push(`format ${f.format}`);
  if (f.pattern) rules.push(`pattern \`${f.pattern}\``);
  if (f.minLength !== undefined || f.maxLength !== undefined) rules.push(`length ${range(f.minLength, f.maxLength)}`);
  if (f.minimum !== undefined || f.maximum !== undefined) rules.push(`value ${range(f.minimum, f.maximum)}`);
  if (f.minItems !== undefined || f.maxItems !== undefined) rules.push(`items ${range(f.minItems, f.maxItems)}`);
  if (f.maxProperties !== undefined) rules.push(`at most ${f.maxProperties} keys`);
  if (f.keyPattern) rules.push(`keys \`${f.keyPattern}\``);
  if (f.requiredAnyOf) rules.push(`at least one of ${f.requiredAnyOf.join(', ')}`);
  if (f.uniqueItemsBy) rules.push(`${f.uniqueItemsBy} unique`);
  if (f.additionalProperties) rules.push('other keys accepted');
  if (f.nullable) rules.push('null allowed');
  if (f.enforce === 'always') rules.push('**enforced in every stage**');
  if (f.anonymisation === 'hmac') rules.push('pseudonymised (keyed HMAC)');
  if (f.sinceSchemaVersion !== undefined) rules.push(`since schemaVersion ${f.sinceSchemaVersion}`);
  return rules.join('; ');
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `${min}` : `${min}..${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max}`;
}

const typeOf = (f: SpecFieldJson) => (Array.isArray(f.type) ? f.type.join(' or ') : f.type);
const classOf = (f: SpecFieldJson) => (f.classification === 'Restricted' ? '**Restricted**' : f.classification);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldTable(fields: readonly SpecFieldJson[], withLocation = false): string[] {
  const head = withLocation
    ? ['| field | in | type | required | class | retention (days) | rules | description |', '|---|---|---|---|---|---|---|---|']
    : ['| field | type | required | class | retention (days) | rules | description |', '|---|---|---|---|---|---|---|'];
  return [
    ...head,
    ...fields.map((f) => {
      const cells = [
        `\`${f.name}\``,
        ...(withLocation ? [f.location] : []),
        typeOf(f),
        f.required ? 'yes' : 'no',
        classOf(f),
        String(f.retentionDays),
        describeRules(f),
        f.description,
      ];
      return `| ${cells.map(cell).join(' | ')} |`;
    }),
  ];
}

const anchor = (name: string, version: number) => `${name}-v${version}`;

/**
 * docs/telemetry-spec.md, the Mobile Telemetry Spec, from the spec (events/telemetry): a pure
 * function, so a test regenerates it in memory and fails when the committed file is out of date.
 */
export function renderTelemetrySpecMarkdown(spec: TelemetrySpecJson = telemetrySpecJson()): string {
  const crashFields = spec.events.flatMap((e) => e.fields).filter(isCrashField);
  const crashTable = [
    ...new Map(crashFields.map((f) => [f.name, { ...f, required: f.name === 'exception' ? false : f.required }])).values(),
  ];
  const restricted = [
    ...spec.envelope.fields.filter((f) => f.classification === 'Restricted').map((f) => ({ where: 'every event', f })),
    ...spec.events.flatMap((e) =>
      e.fields
        .filter((f) => f.classification === 'Restricted' && !isCrashField(f))
        .map((f) => ({ where: `\`${e.name}\` v${e.version}`, f })),
    ),
    ...crashTable.filter((f) => f.classification === 'Restricted').map((f) => ({ where: 'crash and error events', f })),
  ];
  const lines = [
    '# Mobile Telemetry Spec',
    '',
    '<!-- Generated from the telemetry spec (events/telemetry/) by `npm run docs:telemetry`. Do not edit. -->',
    '',
    'Every event the iOS, Android and web apps send to Vigil (and the errors the app backend reports), when they send',
    'it, and the data each one carries, with its data class and how long it is kept. The same spec is what ingest',
    'enforces: `npx vigil telemetry spec --json` prints it for tools that generate or check events, and',
    '`npx vigil telemetry spec` prints it for reading.',
    '',
    `The batch contract is \`schemaVersion\` ${spec.schemaVersion}; ingest accepts versions ${spec.acceptedSchemaVersions.join(' and ')}.`,
    'A version 1 batch has no `release`, `environment`, event `version` or crash structures, and its events follow',
    'version 1 of their definition. In a version 2 batch an event follows the definition version it names, else',
    'the current one.',
    '',
    '## Data classes and retention',
    '',
    'Each field has a data class (DESIGN.md). **Restricted** values (user ids, free text) never reach a log line, a',
    'metric, an alert, a SIEM record or a table in clear: they are stored encrypted, and where correlation needs them,',
    'as a keyed pseudonym. Retention is per field; a field that names none keeps its class default:',
    '',
    '| class | default retention (days) |',
    '|---|---|',
    ...DATA_CLASSES.map((c) => `| ${c === 'Restricted' ? '**Restricted**' : c} | ${DEFAULT_RETENTION_DAYS[c]} |`),
    '',
    'Crash structures are kept 90 days at most. A value the spec does not know (accepted in a marking stage) is',
    'treated as Restricted.',
    '',
    '### Restricted fields',
    '',
    '| field | in | where |',
    '|---|---|---|',
    ...restricted.map(({ where, f }) => `| \`${f.name}\` | ${f.location} | ${where} |`),
    '',
    '## How ingest enforces it',
    '',
    '- **The envelope** (batch fields, and the fields every event carries) is enforced in every stage: a batch whose',
    '  own fields break it is quarantined whole; an event whose envelope fields break it (no id, name, kind, time or',
    '  session, a nested or over-long property value, more than 25 properties, an unknown key) is quarantined.',
    "- **The events' definitions**: an unplanned event, an unplanned property, a missing, mistyped or",
    '  disallowed value is quarantined in a stage whose `telemetrySchemaViolations` is `reject` (the default), or',
    '  accepted and marked as unexpected where it is `mark` (dev). Fields marked *enforced in every stage* (session',
    '  recording consent and masking) are refused everywhere.',
    '- Quarantined payloads are sealed with the field key; the reason names paths and rules, never values.',
    '- Names in nested paths: `a.b` is key `b` of object `a`, `a[]` an item of array `a`, `a.*` any value of map `a`.',
    '  "required" means present whenever the parent is.',
    '',
    '## Envelope',
    '',
    '### Batch fields',
    '',
    ...fieldTable(spec.envelope.fields.filter((f) => f.location === 'batch')),
    '',
    '### Event fields (every event)',
    '',
    ...fieldTable(spec.envelope.fields.filter((f) => f.location === 'event')),
    '',
    '## Events',
    '',
    '| event | kind | version | status | trigger (when the app sends it) |',
    '|---|---|---|---|---|',
    ...spec.events.map(
      (e) => `| [\`${e.name}\`](#${anchor(e.name, e.version)}) | ${e.kind} | ${e.version} | ${e.status} | ${cell(e.trigger)} |`,
    ),
    '',
  ];
  for (const e of spec.events) {
    const own = e.fields.filter((f) => f.location !== 'event' || !['name', 'kind', 'version'].includes(f.name));
    const crash = own.some(isCrashField);
    const shown = own.filter((f) => !isCrashField(f));
    const restrictedHere = shown.filter((f) => f.classification === 'Restricted').length;
    lines.push(
      `<a id="${anchor(e.name, e.version)}"></a>`,
      '',
      `### \`${e.name}\` (version ${e.version}${e.status === 'superseded' ? ', superseded' : ''})`,
      '',
      `${e.description} Kind \`${e.kind}\`.`,
      '',
      `**Trigger:** ${e.trigger}`,
      '',
    );
    if (crash) {
      const required = e.fields.find((f) => f.name === 'exception')?.required ? 'must carry' : 'may carry';
      lines.push(
        `It ${required} the [structured exception](#structured-exception-crash-and-error-events) ` +
          "(`exception`, `threads`, `fingerprint`, `platform`); its frames' local variables (`vars`) are **Restricted**.",
        '',
      );
    }
    for (const rule of e.rules) lines.push(`Rule \`${rule.id}\`: ${rule.description}`, '');
    if (restrictedHere > 0) lines.push(`**Restricted fields:** ${restrictedHere} (flagged below).`, '');
    lines.push(...(shown.length > 0 ? fieldTable(shown, true) : ['No properties.']), '');
  }
  lines.push(
    '## Structured exception (crash and error events)',
    '',
    "Sentry's exception interface, field for field, so a Sentry SDK payload maps over unchanged. `exception.values`",
    'runs oldest (the root cause) to newest (the exception thrown); `frames` run caller to callee, the last frame',
    'raised it. A crash is an event with an exception whose `mechanism.handled` is false; an error has none. Source',
    'context and absolute paths are Confidential, local variables Restricted; grouping uses none of them.',
    '',
    ...fieldTable(crashTable),
    '',
  );
  return `${lines.join('\n')}`;
}

/** `vigil telemetry spec`: the same spec for a terminal. */
export function renderTelemetrySpecText(spec: TelemetrySpecJson = telemetrySpecJson()): string {
  const field = (f: SpecFieldJson, indent: string) => {
    const flags = [f.required ? 'required' : 'optional', f.classification === 'Restricted' ? 'RESTRICTED' : f.classification];
    const rules = describeRules(f).replace(/\*\*|`/g, '');
    return `${indent}${f.name}  ${typeOf(f)}, ${flags.join(', ')}, ${f.retentionDays} d${rules ? `; ${rules}` : ''}`;
  };
  const out = [
    `Telemetry spec: schemaVersion ${APP_TELEMETRY_SCHEMA_VERSION} (accepted: ${APP_TELEMETRY_SCHEMA_VERSIONS.join(', ')}), ` +
      `${spec.events.length} events`,
    '',
    'Envelope (batch):',
    ...spec.envelope.fields.filter((f) => f.location === 'batch').map((f) => field(f, '  ')),
    'Envelope (every event):',
    ...spec.envelope.fields.filter((f) => f.location === 'event').map((f) => field(f, '  ')),
    '',
  ];
  for (const e of spec.events) {
    out.push(`${e.name} v${e.version} (${e.kind}${e.status === 'superseded' ? ', superseded' : ''}): ${e.description}`);
    out.push(`  when: ${e.trigger}`);
    for (const rule of e.rules) out.push(`  rule ${rule.id}: ${rule.description}`);
    const own = e.fields.filter((f) => !(f.location === 'event' && ['name', 'kind', 'version'].includes(f.name)));
    const crash = own.filter(isCrashField);
    if (crash.length > 0) out.push('  exception, threads, fingerprint, platform: the structured exception (below)');
    for (const f of own.filter((f) => !isCrashField(f))) out.push(field(f, '  '));
    out.push('');
  }
  const crashFields = [...new Map(spec.events.flatMap((e) => e.fields.filter(isCrashField)).map((f) => [f.name, f])).values()];
  out.push("Structured exception (crash and error events; Sentry's exception interface):");
  for (const f of crashFields) out.push(field(f, '  '));
  out.push('');
  return out.join('\n');
}
