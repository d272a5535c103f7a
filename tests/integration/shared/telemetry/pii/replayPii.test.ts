import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../../../../infra/local/runtime/localConfig';
import { runReplay, type ReplaySummary } from '../../../../../infra/local/runtime/replayRun';
import { loadCaptured } from '../../../../helpers/capturedEvent';

/**
 * Personal data in unrestricted fields, through the whole pipeline as `vigil replay` runs it: the
 * events are accepted (not quarantined), one finding per field is raised, and none of the values is in
 * anything the run writes (findings, OpsGenie requests, SIEM records, quarantine, summary).
 */
type Json = Record<string, any>;
const VALUES = ['jane.doe@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', '203.0.113.77', '2001:db8:85a3::8a2e:370:7334'];

const dir = mkdtempSync(join(tmpdir(), 'vigil-pii-'));
const out = join(dir, 'out');
let summary: ReplaySummary;

beforeAll(async () => {
  const crash = loadCaptured('app-telemetry', 'crash-js-chrome') as Json;
  const exception = crash.detail.events[0].exception.values[0];
  exception.value = `payee ${VALUES[0]} rejected; call ${VALUES[1]}`;
  crash.detail.events[0].exception.values[0].stacktrace.frames[0].function = `charge(${VALUES[2]})`;
  crash.detail.device.model = `proxy ${VALUES[3]} / ${VALUES[4]}`;
  const web = loadCaptured('app-telemetry', 'batch-web') as Json;
  writeFileSync(join(dir, 'capture.jsonl'), `${[crash, web].map((e) => JSON.stringify(e)).join('\n')}\n`);
  summary = await runReplay({ inputs: [join(dir, 'capture.jsonl')], outDir: out, config: parseLocalConfig({}) });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('accepted, not quarantined; one finding per app, event and field', () => {
  expect(summary.telemetry).toMatchObject({ batches: 2, events: { quarantined: 0 } });
  const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const keys = findings.filter((f) => f.detection === 'telemetry-pii-in-unrestricted-field').map((f) => f.dedupKey);
  expect(keys.sort()).toEqual(
    [
      'app.example.com|batch|device.model',
      'app.example.com|app_crash|exception.values[].value',
      'app.example.com|app_crash|exception.values[].stacktrace.frames[].function',
      'app.example.com|form_validation_error|properties.message',
    ].sort(),
  );
});

test('no value anywhere in what the run wrote', () => {
  const written = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
  expect(written.length).toBeGreaterThan(0);
  for (const text of written) {
    for (const value of [...VALUES, 'anna.k@example.com']) expect(text).not.toContain(value);
  }
});
