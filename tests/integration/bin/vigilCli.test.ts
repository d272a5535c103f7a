import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `vigil` command as a user runs it: a real process, its exit code, stdout and stderr. */
const bin = join(__dirname, '..', '..', '..', 'bin', 'vigil.js');
const vigil = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('an unknown command is a usage error', () => {
  const run = vigil('frobnicate');
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown command "frobnicate"');
});

test('replay of a path that does not exist stops with the reason on stderr and exit code 1', () => {
  const run = vigil('replay', join(dir, 'missing.jsonl'), '--out', join(dir, 'out-missing'));
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/missing\.jsonl/);
  expect(run.stderr).toMatch(/ENOENT|no such file/i);
});

test('replay with an invalid --config names the problem', () => {
  const config = join(dir, 'bad-config.json');
  writeFileSync(config, JSON.stringify({ pageAtOrAbove: 'urgent' }));
  const run = vigil('replay', dir, '--config', config);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('pageAtOrAbove');
});

/** The functions that read detectionOverrides: each checks the whole map at its cold start. */
const READERS = [
  'security-detector',
  'guardduty-relay',
  'endpoint-latency',
  'model-monitor',
  'crash-check',
  'alert-drill',
  'app-telemetry',
];

test('replay with a misspelt detection threshold stops with the detection and the key named, no stack trace', () => {
  const config = join(dir, 'typo-config.json');
  writeFileSync(config, JSON.stringify({ detectionOverrides: { 'console-bruteforce-per-user': { parameters: { treshold: 3 } } } }));
  const run = vigil('replay', dir, '--config', config, '--out', join(dir, 'out-typo'));
  expect(run.status).toBe(1);
  // Every function that reads detectionOverrides checks the whole map; the first one loaded says so.
  expect(run.stderr).toMatch(new RegExp(`functions/(${READERS.join('|')}) refused its configuration at cold start`));
  expect(run.stderr).toContain('console-bruteforce-per-user.parameters: Unrecognized key: "treshold"');
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('replay of a capture with only malformed records succeeds, quarantines them and says so', () => {
  const capture = join(dir, 'garbage.jsonl');
  writeFileSync(capture, '{"neither": "an event nor a record"}\n{"not": json}\n');
  const out = join(dir, 'out-garbage');
  const run = vigil('replay', capture, '--out', out);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('2 events read, 0 processed, 2 quarantined');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { events: Record<string, number> };
  expect(summary.events).toMatchObject({ read: 2, quarantined: 2, processed: 0 });
  expect(readFileSync(join(out, 'quarantine.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
});
