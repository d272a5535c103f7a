import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `vigil drift` as a data scientist runs it: a real process, its exit code, stdout and stderr. */
const root = join(__dirname, '..', '..', '..');
const vigil = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'vigil.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CI: 'true' },
  });
const dir = mkdtempSync(join(tmpdir(), 'vigil-drift-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('two samples: one JSON document on stdout, exit code 0', () => {
  const reference = join(dir, 'reference.json');
  const current = join(dir, 'current.csv');
  writeFileSync(reference, JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8]));
  writeFileSync(current, 'latency_ms\n4\n5\n6\n7\n8\n9\n10\n');
  const run = vigil('drift', '--reference', reference, '--current', current);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const output = JSON.parse(run.stdout);
  expect(output).toMatchObject({ type: 'numerical', ks: { statistic: 3 / 8, method: 'exact' }, baselineDistance: { simple: 3 / 8 } });
});

test('two Model Monitor statistics.json files', () => {
  const folder = join(root, 'tests', 'conformance', 'drift', 'model-monitor');
  const run = vigil(
    'drift',
    '--reference-stats',
    join(folder, 'baseline', 'statistics.json'),
    '--current-stats',
    join(folder, 'run-steady', 'statistics.json'),
  );
  expect(run.status).toBe(0);
  const output = JSON.parse(run.stdout);
  expect(output.features.map((f: { name: string }) => f.name)).toEqual(['age', 'account_balance', 'session_seconds', 'country', 'plan']);
  expect(output.dataset).toMatchObject({ drift: false });
});

test('unusable input: the reason on stderr, exit code 2, no stack trace', () => {
  const run = vigil('drift', '--reference', join(dir, 'missing.json'), '--current', join(dir, 'missing.json'));
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`vigil drift: ${join(dir, 'missing.json')}: no such file\n`);
});

test('vigil lists the command', () => {
  expect(vigil('--help').stdout).toMatch(/drift\s+drift statistics between two samples/);
});
