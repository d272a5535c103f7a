import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DATA_DIR_MARKER } from '../../../infra/local/dataDir';
import { withoutHeartbeatPings } from '../../helpers/alertRequests';

/**
 * `vigil replay --data-dir` on directories that are not a healthy Vigil data dir: exit 1 with the
 * reason on stderr, never dynalite's uncaught exception (a stack trace from node_modules), and
 * nothing written into a directory that is not Vigil's.
 */
const root = join(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'vigil.js');
const capture = join(root, 'events', 'samples', 'cloudtrail', 'console-signin.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'vigil-data-dir-'));
afterAll(() => {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) chmodSync(join(dir, entry), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

let outs = 0;
const vigil = (dataDir: string, options: { uid?: number; gid?: number } = {}) =>
  spawnSync(process.execPath, [bin, 'replay', capture, '--out', join(dir, `out-${++outs}`), '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CI: 'true' },
    ...options,
  });

/**
 * Writes a LevelDB database with dynalite's own binding (what it opens the store with), in a child
 * process: `entries`, then `generated` items of 400 bytes under `prefix` (dynalite-shaped keys).
 */
function writeLevelDb(location: string, entries: Record<string, string>, generated?: { count: number; prefix: string }): void {
  const dynalite = dirname(require.resolve('dynalite'));
  const script = `const { Level } = require(${JSON.stringify(require.resolve('level', { paths: [dynalite] }))});
    const db = new Level(${JSON.stringify(location)});
    const entries = Object.entries(${JSON.stringify(entries)});
    const { count = 0, prefix = '' } = ${JSON.stringify(generated ?? {})};
    for (let i = 0; i < count; i++) entries.push([prefix + String(i).padStart(6, '0'), 'x'.repeat(400)]);
    (async () => { await db.batch(entries.map(([key, value]) => ({ type: 'put', key, value }))); await db.close(); })();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr || String(run.error));
}

/** Exit 1, the reason on stderr, no stack trace, nothing from dynalite. */
function expectRefused(run: ReturnType<typeof vigil>, reason: RegExp): void {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(reason) });
  expect(run.stderr).toMatch(/^vigil replay: /);
  expect(run.stderr).not.toMatch(/\n\s+at |node_modules|Database is closed|Uncaught/);
  expect(run.stdout).toBe('');
}

const entries = (path: string) => readdirSync(path).sort();

test('a directory of random files: not a Vigil data directory, and left as it was', () => {
  const data = join(dir, 'random');
  mkdirSync(data);
  writeFileSync(join(data, 'CURRENT'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
  writeFileSync(join(data, 'notes.txt'), 'my notes\n');
  expectRefused(
    vigil(data),
    /data dir ".*random" is not a Vigil data directory: it holds files Vigil did not write \(CURRENT, notes\.txt\)/,
  );
  expect(entries(data)).toEqual(['CURRENT', 'notes.txt']);
});

test('a file where the directory should be', () => {
  const data = join(dir, 'a-file');
  writeFileSync(data, 'not a directory');
  expectRefused(vigil(data), /--data-dir ".*a-file": it exists and is not a directory/);
  expect(readFileSync(data, 'utf8')).toBe('not a directory');
});

test("another program's LevelDB given as the data dir", () => {
  const data = join(dir, 'foreign');
  writeLevelDb(data, { 'user:42': '{"name":"x"}', 'settings:theme': 'dark' });
  const before = entries(data);
  expectRefused(vigil(data), /data dir ".*foreign" is not a Vigil data directory: it holds another program's LevelDB database \(.*CURRENT/);
  expect(entries(data)).toEqual(before);
});

test("another program's LevelDB where Vigil keeps its DynamoDB store", () => {
  const data = join(dir, 'foreign-inside');
  mkdirSync(data);
  writeLevelDb(join(data, 'dynamodb'), { 'user:42': '{"name":"x"}' });
  expectRefused(
    vigil(data),
    /DynamoDB store in ".*foreign-inside\/dynamodb" is another program's LevelDB \(its key "user:42" is not dynalite's\)/,
  );
});

test('a Vigil data dir whose OpsGenie stand-in state is not one is refused, not reset', () => {
  const data = join(dir, 'standin');
  expect(vigil(data).status).toBe(0);
  const state = JSON.parse(readFileSync(join(data, 'opsgenie-stand-in.json'), 'utf8')) as { heartbeats: Record<string, unknown> };
  // What the first run's OpsGenie was told is kept for the next run (the heartbeat pinged it).
  expect(Object.keys(state.heartbeats).length).toBeGreaterThan(0);
  writeFileSync(join(data, 'opsgenie-stand-in.json'), '{"half": ');
  expectRefused(vigil(data), /opsgenie-stand-in\.json is not the OpsGenie stand-in's state/);
});

test('a Vigil data dir whose DynamoDB store is corrupt: its CURRENT file, or a damaged table file', () => {
  const data = join(dir, 'corrupt');
  expect(vigil(data).status).toBe(0);
  expect(entries(data)).toEqual(['dynamodb', 'kms-keys.json', 'opsgenie-stand-in.json', DATA_DIR_MARKER]);
  writeFileSync(join(data, 'dynamodb', 'CURRENT'), Buffer.from([0x00, 0xff, 0x13]));
  expectRefused(vigil(data), /DynamoDB store in ".*corrupt\/dynamodb" is corrupt \(Corruption: /);

  // A table file damaged in the middle: found when the store is opened, not halfway through the replay.
  const damaged = join(dir, 'damaged');
  mkdirSync(join(damaged, 'dynamodb'), { recursive: true });
  writeFileSync(join(damaged, DATA_DIR_MARKER), '{"vigil":"data-dir","format":1}\n');
  writeLevelDb(join(damaged, 'dynamodb'), {}, { count: 3000, prefix: 'item-vigil-local-findings~' });
  // Compact it into table files: reopen once (LevelDB turns the log into a table file on open).
  writeLevelDb(join(damaged, 'dynamodb'), {});
  const tables = entries(join(damaged, 'dynamodb')).filter((f) => f.endsWith('.ldb'));
  expect(tables.length).toBeGreaterThan(0);
  const fd = openSync(join(damaged, 'dynamodb', tables[0]!), 'r+');
  for (let offset = 2_000; offset < 400_000; offset += 20_000) writeSync(fd, Buffer.from('\u0000garbage\u00ff'.repeat(4)), 0, 40, offset);
  closeSync(fd);
  expectRefused(vigil(damaged), /DynamoDB store in ".*damaged\/dynamodb" is corrupt \(Corruption: /);
});

test("a data dir whose marker or key file is not Vigil's", () => {
  const marker = join(dir, 'bad-marker');
  mkdirSync(marker);
  writeFileSync(join(marker, DATA_DIR_MARKER), '{"app":"something else"}');
  expectRefused(vigil(marker), /data dir ".*bad-marker" is corrupt: vigil-data-dir\.json is not Vigil's marker/);

  const keys = join(dir, 'bad-keys');
  mkdirSync(keys);
  writeFileSync(join(keys, 'kms-keys.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
  expectRefused(vigil(keys), /kms-keys\.json is not valid JSON \(corrupt, or not Vigil's\)/);
});

test('a directory vigil may not read or write', () => {
  const data = join(dir, 'no-access');
  mkdirSync(data);
  chmodSync(data, 0o000);
  // root reads any directory: run the command as an unprivileged user then, as a user would meet it.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o777);
  const run = vigil(data, asRoot ? { uid: 65534, gid: 65534 } : {});
  expectRefused(run, /--data-dir ".*no-access": EACCES: permission denied/);
});

describe('a data dir in use by another running vigil', () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    holder?.kill();
    holder = undefined;
  });

  /** A process that holds the store open (as a running vigil does) until killed; resolves once it holds it. */
  function holdStore(location: string): Promise<void> {
    const dynalite = dirname(require.resolve('dynalite'));
    const script = `const { Level } = require(${JSON.stringify(require.resolve('level', { paths: [dynalite] }))});
      new Level(${JSON.stringify(location)}).open().then(() => { console.log('held'); setInterval(() => {}, 1000); });`;
    holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve) => holder!.stdout!.once('data', () => resolve()));
  }

  test('another replay holds its lock: refused with its pid', () => {
    const data = join(dir, 'busy');
    expect(vigil(data).status).toBe(0);
    // A live process's pid in the lock: this test's own.
    writeFileSync(join(data, 'replay.lock'), String(process.pid));
    expectRefused(vigil(data), new RegExp(`--data-dir ".*busy" is in use by another replay \\(pid ${process.pid}\\)`));
  });

  test('another vigil holds the DynamoDB store open (no replay lock): refused, not a crash', async () => {
    const data = join(dir, 'held');
    expect(vigil(data).status).toBe(0);
    await holdStore(join(data, 'dynamodb'));
    expectRefused(vigil(data), /DynamoDB store in ".*held\/dynamodb" is in use by another process/);
  });
});

test('a healthy data dir from an earlier run, with or without the marker, opens and keeps its state', () => {
  const data = join(dir, 'healthy');
  const first = vigil(data);
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('10 events read');
  // A data dir written before markers existed: adopted.
  rmSync(join(data, DATA_DIR_MARKER));
  const second = vigil(data);
  expect({ status: second.status, stderr: second.stderr }).toEqual({ status: 0, stderr: '' });
  expect(entries(data)).toEqual(['dynamodb', 'kms-keys.json', 'opsgenie-stand-in.json', DATA_DIR_MARKER]);
  // The findings of the first run are still there: the second run delivered nothing new (only the heartbeat's pings).
  expect(second.stdout).toMatch(/deliveries: \d+ OpsGenie, 0 SIEM/);
  const pages = readFileSync(join(dir, `out-${outs}`, 'opsgenie.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  expect(withoutHeartbeatPings(pages.map((l) => JSON.parse(l) as { url: string }))).toEqual([]);
});
