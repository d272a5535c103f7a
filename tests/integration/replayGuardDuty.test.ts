import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';
import { capturedVariants, loadCaptured } from '../helpers/capturedEvent';
import { withoutHeartbeatPings } from '../helpers/alertRequests';

/**
 * GuardDuty findings through `vigil replay` (the relay function as deployed, its idempotency and the
 * router): every captured finding type once, the exfiltration finding's update, each twice and shuffled.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-guardduty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const captured = capturedVariants('guardduty').map((v) => loadCaptured('guardduty', v));
const jsonl = (items: readonly unknown[]) => items.map((e) => JSON.stringify(e)).join('\n');
const lines = <T>(out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

async function replay(name: string, events: readonly unknown[]) {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, jsonl(events));
  const out = join(dir, name);
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({ inputs: [capture], outDir: out, config: parseLocalConfig({}) });
  const findings = lines<Finding>(out, 'findings.jsonl').map((f) => ({ ...f, eventIds: [...f.eventIds].sort() }));
  return {
    summary,
    findings: findings.sort((a, b) => a.id.localeCompare(b.id)),
    opsgenie: withoutHeartbeatPings(lines<{ url: string; body: { alias: string; note?: string } }>(out, 'opsgenie.jsonl')),
  };
}

let clean: Awaited<ReturnType<typeof replay>>;
beforeAll(async () => {
  clean = await replay('clean', captured);
}, 60_000);

test('each GuardDuty finding is one Vigil finding; the update joins the original; the sample is skipped', () => {
  expect(clean.summary.events).toMatchObject({ read: captured.length, quarantined: 0, failed: 0 });
  // 9 captures: the sample is skipped, the update joins its original.
  expect(clean.findings).toHaveLength(7);
  const exfiltration = clean.findings.filter((f) => f.title.endsWith('InstanceCredentialExfiltration.OutsideAWS'));
  expect(exfiltration).toHaveLength(1);
  expect(exfiltration[0]).toMatchObject({
    count: 2,
    firstSeen: '2026-11-20T12:41:09.000Z',
    lastSeen: '2026-11-20T18:47:12.000Z',
    evidence: { guardDutyCount: 9 },
  });
  expect(clean.findings.map((f) => f.subject)).not.toContain('i-99999999');
  expect(clean.summary.bySeverity).toEqual({ critical: 1, high: 3, medium: 1, low: 2 });
  // critical and high page: the attack sequence, the exfiltration (once, not for its update), the crypto miner, the S3 exfiltration.
  const creates = clean.opsgenie.filter((r) => r.url.endsWith('/v2/alerts'));
  expect(creates).toHaveLength(4);
  // The update (six hours later) is announced again: a note with the new count on the exfiltration's alert, no second page.
  const notes = clean.opsgenie.filter((r) => r.url.includes('/notes?'));
  expect(notes.map((r) => r.body.note)).toEqual([expect.stringContaining('2 occurrences')]);
  expect(notes[0]!.url).toContain(exfiltration[0]!.id);
});

test('every event twice, shuffled: the same findings, and no second page', async () => {
  const doubled = [...captured, ...captured.map((e) => structuredClone(e))].reverse();
  // A fixed interleaving of the reversed list: the update ahead of its original, duplicates apart.
  const order = doubled.map((_, i) => (i * 5) % doubled.length);
  expect(new Set(order).size).toBe(doubled.length);
  const events = order.map((i) => doubled[i]!);
  const exfiltration = events.filter((e) => JSON.stringify(e).includes('2147d484f20a668e07d39d41838d5e2c'));
  expect((exfiltration[0] as { detail: { service: { count: number } } }).detail.service.count).toBe(9);
  const messy = await replay('messy', events);
  expect(messy.findings).toEqual(clean.findings);
  // The same pages. (The update arrives first here, so the original adds a count but no later lastSeen: no note.)
  const aliases = (requests: typeof clean.opsgenie) =>
    requests
      .filter((r) => r.url.endsWith('/v2/alerts'))
      .map((r) => r.body.alias)
      .sort();
  expect(aliases(messy.opsgenie)).toEqual(aliases(clean.opsgenie));
}, 60_000);
