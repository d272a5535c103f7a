import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { telemetrySpecJson } from '../../../events/telemetry';
import { renderTelemetrySpecMarkdown, renderTelemetrySpecText, TELEMETRY_SPEC_DOC } from '../../../shared/telemetry';

const root = join(__dirname, '..', '..', '..');

test('docs/telemetry-spec.md is generated from the telemetry spec (run `npm run docs` when this fails)', () => {
  const committed = existsSync(join(root, TELEMETRY_SPEC_DOC)) ? readFileSync(join(root, TELEMETRY_SPEC_DOC), 'utf8') : '';
  if (committed !== renderTelemetrySpecMarkdown()) {
    throw new Error(`${TELEMETRY_SPEC_DOC} is out of date with events/telemetry: run npm run docs, and commit the result`);
  }
});

test('the Mobile Telemetry Spec lists every event with its trigger, and flags every Restricted field', () => {
  const spec = telemetrySpecJson();
  const doc = renderTelemetrySpecMarkdown(spec);
  for (const e of spec.events) {
    expect(doc).toContain(`### \`${e.name}\` (version ${e.version}`);
    expect(doc).toContain(`**Trigger:** ${e.trigger}`);
  }
  const restricted = [...spec.envelope.fields, ...spec.events.flatMap((e) => e.fields)].filter((f) => f.classification === 'Restricted');
  expect(restricted.length).toBeGreaterThan(3);
  for (const f of restricted)
    expect(doc).toMatch(new RegExp(`\\| \`${f.name.replace(/[[\].*]/g, '\\$&')}\` \\|[^\\n]*\\*\\*Restricted\\*\\*`));
});

test('a change to the spec changes the doc (the staleness test can fail)', () => {
  const spec = telemetrySpecJson();
  spec.events[0]!.trigger = 'Never.';
  expect(renderTelemetrySpecMarkdown(spec)).not.toEqual(renderTelemetrySpecMarkdown());
});

test('the text view names each event, its trigger and its fields, Restricted ones in capitals', () => {
  const text = renderTelemetrySpecText();
  expect(text).toMatch(/^Telemetry spec: schemaVersion 2 \(accepted: 1, 2\), \d+ events/);
  expect(text).toContain('feedback_submitted v1 (feedback)');
  expect(text).toMatch(/ {2}message {2}string, required, RESTRICTED, 30 d/);
  expect(text).toMatch(/ {2}userId {2}string, optional, RESTRICTED/);
  expect(text).toContain('exception.values[].stacktrace.frames[].context_line');
});
