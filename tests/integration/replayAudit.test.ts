import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalAuditTrail } from '../../infra/local/auditTrail';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';

/**
 * The audit trail on the embedded runtime: a capture delivered twice over and out of order records
 * exactly what the clean capture records, and hands each record on for the SIEM once.
 */
const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const signIns = [
  ...lines(join(ROOT, 'events', 'samples', 'cloudtrail', 'console-signin.jsonl')),
  ...lines(join(ROOT, 'events', 'samples', 'cloudtrail', 'console-bruteforce.jsonl')),
  ...JSON.parse(readFileSync(join(ROOT, 'events', 'samples', 'cognito', 'user-pool-calls.json'), 'utf8')).map((e: unknown) =>
    JSON.stringify(e),
  ),
];

async function replay(name: string, capture: string[]) {
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${capture.join('\n')}\n`);
  const out = join(dir, `out-${name}`);
  const summary = await runReplay({ inputs: [file], outDir: out, config: parseLocalConfig({}), dataDir: join(dir, `data-${name}`) });
  const audit = lines(join(out, 'siem.jsonl'))
    .map((l) => JSON.parse(l) as { class_uid: number; metadata: { uid: string }; status: string })
    .filter((r) => r.class_uid !== 2004);
  return { summary, audit };
}

test('every event twice, in reverse order: the same audit records, each handed on once', async () => {
  const clean = await replay('clean', signIns);
  const noisy = await replay('noisy', [...signIns, ...signIns].reverse());
  // 17 console sign-ins and 8 Cognito authentications; SignUp, AdminCreateUser and SetUserPoolMfaConfig.
  expect(clean.summary.audit).toEqual({ authentication: 25, operation: 3 });
  expect(noisy.summary.audit).toEqual(clean.summary.audit);
  const uids = (records: typeof clean.audit) => records.map((r) => `${r.metadata.uid} ${r.class_uid} ${r.status}`).sort();
  expect(uids(noisy.audit)).toEqual(uids(clean.audit));
  expect(new Set(noisy.audit.map((r) => r.metadata.uid)).size).toBe(noisy.audit.length);
  const trail = await openLocalAuditTrail(join(dir, 'data-noisy'), 'local');
  try {
    expect(await trail.store.verifyAll()).toMatchObject({ intact: true, records: 28 });
  } finally {
    await trail.close();
  }
}, 120_000);
