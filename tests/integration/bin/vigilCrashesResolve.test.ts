import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../shared/findings';
import { ROOT, vigil } from '../../helpers/vigilProcess';

/**
 * `vigil crashes resolve` and `ignore` as an operator runs them, on the --data-dir a replay kept: the
 * crash check knew the web sample's TypeError group; resolved, the same crash a day later raises the
 * regressed finding (high) once, and the group is unresolved again.
 */

const SAMPLE = join(ROOT, 'events', 'samples', 'app', 'web-crashes.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'vigil-crashes-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const findingsOf = (out: string) =>
  readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding)
    .filter((f) => f.detection === 'app-new-or-regressed-crash');

/** The sample's Chrome crash and the later batch, a day later, each id given a new first block (a uuid v4 still). */
function nextDay(): string {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
  let n = 0;
  return [lines[0]!, lines[3]!]
    .map((l) =>
      l
        .replaceAll('2026-11-20T', '2026-11-21T')
        .replace(/"[0-9a-f]{8}-(?=[0-9a-f]{4}-4)/g, () => `"${(++n).toString(16).padStart(8, 'd')}-`),
    )
    .join('\n');
}

let group: string;

test('replayed with --data-dir, the crash check knows the group; resolve marks it', async () => {
  const first = await vigil('replay', SAMPLE, '--out', join(dir, 'out1'), '--data-dir', dataDir);
  expect(first.status).toBe(0);
  const created = findingsOf(join(dir, 'out1'));
  expect(created.map((f) => f.evidence.change)).toEqual(['new']);
  group = String(created[0]!.evidence.groupId);
  const resolved = await vigil('crashes', 'resolve', '--group', group, '--at', '2026-11-20T18:00:00Z', '--data-dir', dataDir, '--json');
  expect(resolved.stderr).toBe('');
  expect(resolved.status).toBe(0);
  expect(JSON.parse(resolved.stdout)).toMatchObject({ groupId: group, status: 'resolved', resolvedAt: '2026-11-20T18:00:00.000Z' });
}, 120_000);

test('the resolved group seen again raises the regressed finding once (unit tests pin the status change); ignore marks it', async () => {
  const capture = join(dir, 'next-day.jsonl');
  writeFileSync(capture, nextDay());
  const second = await vigil('replay', capture, '--out', join(dir, 'out2'), '--data-dir', dataDir);
  expect(second.status).toBe(0);
  const regressed = findingsOf(join(dir, 'out2')).filter((f) => f.evidence.change === 'regressed');
  expect(regressed.map((f) => [f.subject, f.severity, f.evidence.resolvedAt, f.count])).toEqual([
    [group, 'high', '2026-11-20T18:00:00.000Z', 1],
  ]);
  // Unresolved again: resolving is the operator's to do once more; ignoring it is allowed.
  const ignored = await vigil('crashes', 'ignore', '--group', group, '--data-dir', dataDir);
  expect(ignored.status).toBe(0);
  expect(ignored.stdout).toContain(`crash group ${group} is ignored`);
}, 120_000);

test('an unknown group is refused (exit 1); bad usage exits 2 with the usage', async () => {
  const unknown = await vigil('crashes', 'resolve', '--group', '0'.repeat(32), '--data-dir', dataDir);
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toContain('no known crash group');
  const bad = await vigil('crashes', 'ignore', '--group', 'not-a-group', '--data-dir', dataDir);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('usage: vigil crashes (resolve | ignore)');
  expect((await vigil('crashes', 'ignore', '--group', group, '--at', '2026-11-20T18:00:00Z', '--data-dir', dataDir)).status).toBe(2);
}, 120_000);

test('the groups read back from the --data-dir are those of its captures, whole store or one release', async () => {
  type Groups = { groups: Array<{ groupId: string; count: number; eventIds: string[] }> };
  const summary = (out: string) =>
    (JSON.parse(out) as Groups).groups
      .map((g) => [g.groupId, g.count, [...g.eventIds].sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const stored = await vigil('crashes', '--data-dir', dataDir, '--json');
  expect(stored.stderr).toContain('stored events read');
  expect(stored.status).toBe(0);
  const captured = await vigil('crashes', '--input', SAMPLE, join(dir, 'next-day.jsonl'), '--json');
  expect(captured.status).toBe(0);
  expect(summary(stored.stdout)).toEqual(summary(captured.stdout));
  expect(summary(stored.stdout).map(([id]) => id)).toContain(group);
  const release = 'app.example.com@2026.11.4+b7d20f1';
  const one = await vigil('crashes', '--data-dir', dataDir, '--release', release, '--json');
  expect(summary(one.stdout)).toEqual(
    summary((await vigil('crashes', '--input', SAMPLE, join(dir, 'next-day.jsonl'), '--release', release, '--json')).stdout),
  );
  // The A/B report on the same store says what it read: stored events, not batches.
  const experiments = await vigil('experiments', '--data-dir', dataDir);
  expect(experiments.status).toBe(0);
  expect(experiments.stdout).toMatch(/^read \d+ stored telemetry events\n/);
}, 120_000);
