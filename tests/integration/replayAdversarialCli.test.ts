import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `vigil replay` as a process on inputs and options that used to end in a stack trace. */
const bin = join(__dirname, '..', '..', 'bin', 'vigil.js');
const vigil = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'vigil-adversarial-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
  eventTime: '2026-11-20T10:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  awsRegion: 'eu-west-1',
  eventID: '00000000-0000-4000-8000-00000000d33p',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  requestParameters: '@',
};
const capture = join(dir, 'capture.jsonl');
writeFileSync(
  capture,
  `${JSON.stringify(record).replace('"@"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`)}\n` +
    `${JSON.stringify({ ...record, requestParameters: {} })}\n`,
);

test('a record nested 20,000 levels deep is quarantined; the run goes on and exits 0', () => {
  const out = join(dir, 'out');
  const run = vigil('replay', capture, '--out', out);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('2 events read, 1 processed, 1 quarantined');
  expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).events).toMatchObject({ read: 2, processed: 1, quarantined: 1 });
});

test('an --out that cannot be a directory: exit 1, one line on stderr, no stack trace', () => {
  const run = vigil('replay', capture, '--out', join(capture, 'out'));
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^vigil replay: cannot write to --out ".*capture\.jsonl\/out": ENOTDIR: not a directory\n$/);
});

test('an empty --out is a usage error', () => {
  const run = vigil('replay', capture, '--out', '');
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^vigil replay: --out needs a non-empty value/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
