import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { runReplay, type ReplaySummary } from '../../infra/local/runtime/replayRun';
import type { Finding } from '../../shared/findings';
import opsgenieSchema from '../conformance/opsgenie-create-alert.schema.json';

/** `npm start`'s path end to end: events/samples through every function on the embedded runtime. */
const out = mkdtempSync(join(tmpdir(), 'vigil-samples-'));
let summary: ReplaySummary;
const lines = (file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  summary = await runReplay({ inputs: [join(__dirname, '..', '..', 'events', 'samples')], outDir: out, config: parseLocalConfig({}) });
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the samples raise the first slice\'s detections, and the failed DeleteTrail raises nothing', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const byDetection = (id: string) => findings.filter((f) => f.detection === id);
  expect(byDetection('cloudtrail-stopped-or-deleted').length).toBeGreaterThanOrEqual(1);
  expect(byDetection('root-console-login')).toHaveLength(1);
  for (const f of byDetection('cloudtrail-stopped-or-deleted')) {
    expect(f.severity).toBe('critical');
    expect(f.evidence.eventName).not.toBe('DeleteTrail');
  }
  for (const f of findings) {
    expect(f.id).toMatch(/^[0-9a-f]{32}$/);
    expect(f.eventIds.length).toBeGreaterThan(0);
    expect(f.count).toBeGreaterThanOrEqual(f.eventIds.length);
    expect(f.runbook).toBe(`docs/runbooks/${f.detection}.md`);
  }
  expect(summary.findings).toBe(findings.length);
  expect(summary.byDetection['root-console-login']).toBe(1);
});

test('the console brute force against marco.b raises the burst and the sequence, each listing its events; j.moreau\'s 3 failures do not', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const burst = findings.filter((f) => f.detection === 'console-bruteforce-per-user');
  const sequence = findings.filter((f) => f.detection === 'bruteforce-then-success');
  expect(burst.map((f) => [f.subject, f.severity, f.count, f.eventIds.length])).toEqual([['arn:aws:iam::111122223333:user/marco.b', 'medium', 6, 6]]);
  expect(sequence.map((f) => [f.subject, f.severity, f.count])).toEqual([['arn:aws:iam::111122223333:user/marco.b', 'high', 7]]);
  expect(new Set(sequence[0]!.eventIds)).toEqual(new Set([...burst[0]!.eventIds, sequence[0]!.eventIds.find((id) => !burst[0]!.eventIds.includes(id))]));
  expect(sequence[0]).toMatchObject({ firstSeen: '2026-11-20T15:11:29.000Z', evidence: { sourceIPAddress: '192.0.2.77' }, mitre: ['T1110'] });
  expect(burst[0]).toMatchObject({ firstSeen: '2026-11-20T15:02:14.000Z', lastSeen: '2026-11-20T15:08:05.000Z', mitre: ['T1110.001'] });
});

test('every paging finding became one OpsGenie create-alert request that the OpsGenie schema accepts', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const requests = lines('opsgenie.jsonl') as Array<{ method: string; url: string; body: Record<string, unknown> }>;
  const paging = findings.filter((f) => f.severity === 'critical' || f.severity === 'high');
  expect(requests).toHaveLength(paging.length);
  const validate = new Ajv({ strict: false }).compile(opsgenieSchema);
  for (const request of requests) {
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.opsgenie.com/v2/alerts');
    expect(validate(request.body)).toBe(true);
    expect(JSON.stringify(request)).not.toMatch(/GenieKey/);
  }
  const priorities = requests.map((r) => r.body.priority).sort();
  expect(priorities).toEqual(paging.map((f) => (f.severity === 'critical' ? 'P1' : 'P2')).sort());
});

test('every finding reached the SIEM as an OCSF 1.3 Detection Finding', () => {
  const findings = lines('findings.jsonl') as unknown as Finding[];
  const records = lines('siem.jsonl');
  expect(records).toHaveLength(findings.length);
  for (const record of records) {
    expect(record).toMatchObject({ class_uid: 2004, category_uid: 2, metadata: { version: '1.3.0' } });
    const uid = (record.finding_info as { uid: string }).uid;
    expect(findings.map((f) => f.id)).toContain(uid);
  }
});

test('the malformed telemetry batch is quarantined with its reason, and counted', () => {
  const quarantined = lines('quarantine.jsonl');
  const telemetry = quarantined.filter((q) => q.component === 'app-telemetry');
  expect(telemetry.length).toBeGreaterThanOrEqual(1);
  expect(String(telemetry[0].reason)).toMatch(/\w+: /);
  expect(summary.events.quarantined).toBe(quarantined.length);
  expect(summary.events.read).toBe(summary.events.processed + summary.events.quarantined + summary.events.unmatched + summary.events.failed);
  expect(summary.deadLetters).toEqual([]);
  expect(summary.failedInvocations).toEqual([]);
});

test('summary.json is written with the contract\'s fields', () => {
  const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ReplaySummary;
  expect(written).toMatchObject({ events: summary.events, findings: summary.findings, byDetection: summary.byDetection });
  expect(written.events.read).toBeGreaterThan(50);
});
