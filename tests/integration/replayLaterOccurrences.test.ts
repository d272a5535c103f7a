import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';
import { withoutHeartbeatPings } from '../helpers/alertRequests';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/**
 * Later occurrences reach the on-call engineer: a finding whose count grows is announced again by its
 * detector (FindingStore's `grown`), so the router's update path runs in a replay, not only in unit tests.
 * StopLogging on one trail at 10:00, 10:05 and 10:20 (one finding, its 60-minute dedup window): the first
 * pages; 10:05 is inside the router's 15-minute update interval and sends nothing; 10:20 adds one note
 * with the new count and an OCSF Update of the same finding.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-later-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = <T>(out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

interface AlertRequest {
  method: string;
  url: string;
  body: { alias?: string; note?: string } | null;
}
interface SiemRecord {
  class_uid: number;
  activity_name: string;
  activity_id: number;
  type_uid: number;
  finding_info: { uid: string };
  metadata: { uid: string };
  count?: number;
}

test('a finding whose count grows past the update interval: one page, one note with the new count, an OCSF Update', async () => {
  const times = ['2026-11-20T10:00:00Z', '2026-11-20T10:05:00Z', '2026-11-20T10:20:00Z'];
  const events = times.map((eventTime) =>
    cloudTrailEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventTime,
      requestParameters: { name: 'org-trail' },
    }),
  );
  const capture = join(dir, 'capture.jsonl');
  writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
  const out = join(dir, 'out');
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  await runReplay({ inputs: [capture], outDir: out, config: parseLocalConfig({}) });

  const findings = lines<Finding>(out, 'findings.jsonl').filter((f) => f.detection === 'cloudtrail-stopped-or-deleted');
  expect(findings.map((f) => f.count)).toEqual([3]);
  const finding = findings[0]!;

  const alerts = withoutHeartbeatPings(lines<AlertRequest>(out, 'opsgenie.jsonl'));
  const creates = alerts.filter((r) => r.url.endsWith('/v2/alerts'));
  const notes = alerts.filter((r) => r.url.includes('/notes?identifierType=alias'));
  expect(creates).toHaveLength(1);
  expect(creates[0]!.body!.alias!.endsWith(finding.id)).toBe(true);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.url).toContain(encodeURIComponent(creates[0]!.body!.alias!));
  expect(notes[0]!.body!.note).toContain('3 occurrences');

  const records = lines<SiemRecord>(out, 'siem.jsonl').filter((r) => r.class_uid === 2004 && r.finding_info.uid === finding.id);
  expect(records.map((r) => [r.activity_name, r.type_uid])).toEqual([
    ['Create', 200401],
    ['Update', 200402],
  ]);
  // Distinct records (the SIEM deduplicates on metadata.uid), of the same finding.
  expect(new Set(records.map((r) => r.metadata.uid)).size).toBe(2);
}, 60_000);
