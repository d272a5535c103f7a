import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { ReplaySummary } from '../../infra/local/runtime/replayRun';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/**
 * `vigil replay` on malformed captures, end to end on the embedded runtime: every event counted once
 * in the right bucket, nothing EventBridge could not carry reaching a function, and a bad output or
 * state directory refused with a message instead of a crash.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-adversarial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples = join(__dirname, '..', '..', 'events', 'samples');
const firstLine = (file: string) => JSON.parse(readFileSync(join(samples, file), 'utf8').split('\n')[0]!) as Record<string, unknown>;
const processingJob = firstLine('sagemaker/processing-job-state-change.jsonl');
const guardDuty = firstLine('guardduty/findings.jsonl');
const EMAIL = 'alice.restricted@example.com';
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const readLines = (out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function replay(inputs: string[], outDir: string, dataDir?: string): Promise<ReplaySummary> {
  // A fresh process in production: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  // The sample runs' reports, so a good Model Monitor run is processed, not quarantined for missing reports.
  const s3Dir = join(__dirname, '..', '..', 'events', 's3');
  return runReplay({ inputs, outDir, s3Dir, config: parseLocalConfig({}), dataDir, progressStream: { write: () => true } as never });
}

test('duplicates of a bad event, and bad events sharing an id with a good one, are each counted as quarantined', async () => {
  const stop = cloudTrailEvent(
    { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'trail' } },
    { id: 'stop-1' },
  );
  const bad = { ...processingJob, id: 'sm-bad', detail: { ProcessingJobStatus: 'Exploded', owner: EMAIL } };
  const otherBad = { ...processingJob, id: 'sm-bad-2', detail: {} };
  const good = { ...processingJob, id: 'sm-shared' };
  const badSharingId = { ...processingJob, id: 'sm-shared', detail: { ProcessingJobStatus: 'Exploded' } };
  const capture = join(dir, 'duplicates.jsonl');
  writeFileSync(capture, [stop, bad, bad, otherBad, good, badSharingId, badSharingId].map((e) => JSON.stringify(e)).join('\n'));
  const out = join(dir, 'out-duplicates');
  const summary = await replay([capture], out);
  expect(summary.events).toEqual({ read: 7, processed: 2, quarantined: 5, unmatched: 0, failed: 0 });
  const quarantine = readLines(out, 'quarantine.jsonl');
  expect(quarantine).toHaveLength(5);
  expect(quarantine.map((q) => q.eventId).sort()).toEqual(['sm-bad', 'sm-bad', 'sm-bad-2', 'sm-shared', 'sm-shared']);
  expect(JSON.stringify(summary)).not.toContain(EMAIL);
}, 30_000);

test('events EventBridge could not carry (over 256 KB, nested past 1000 levels) are quarantined at input, not failed', async () => {
  const deepRecord = JSON.stringify({
    ...cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' }).detail,
    requestParameters: '@',
  });
  const lines = [
    JSON.stringify({ ...guardDuty, id: 'gd-huge', detail: { ...(guardDuty.detail as object), description: 'x'.repeat(300 * 1024) } }),
    deepRecord.replace('"@"', deepText(5_000)), // a raw record: queued for the security detector
    JSON.stringify({ ...guardDuty, id: 'gd-deep', detail: { nested: '@' } }).replace('"@"', deepText(5_000)), // a direct target
    JSON.stringify({ ...guardDuty, id: 'gd-ok' }),
  ];
  const capture = join(dir, 'limits.jsonl');
  writeFileSync(capture, `${lines.join('\n')}\n`);
  const out = join(dir, 'out-limits');
  const summary = await replay([capture], out);
  expect(summary.events).toEqual({ read: 4, processed: 1, quarantined: 3, unmatched: 0, failed: 0 });
  expect(summary.deadLetters).toEqual([]);
  expect(summary.failedInvocations).toEqual([]);
  expect(readLines(out, 'quarantine.jsonl').map((q) => q.reason)).toEqual([
    expect.stringMatching(/^line 1: event too large for EventBridge: /),
    expect.stringMatching(/^line 2: detail nested more than 1000 levels deep/),
    expect.stringMatching(/^line 3: detail nested more than 1000 levels deep/),
  ]);
}, 30_000);

describe('output and state directories that cannot be used stop the run with a ReplayError, before any work', () => {
  const capture = join(dir, 'one.jsonl');
  const aFile = join(dir, 'a-file');
  beforeAll(() => {
    writeFileSync(capture, `${JSON.stringify(guardDuty)}\n`);
    writeFileSync(aFile, 'not a directory');
  });

  test.each([
    ['--out under a regular file', () => ({ out: join(aFile, 'out') }), /cannot write to --out ".*a-file\/out": ENOTDIR/],
    ['--out that is a regular file', () => ({ out: aFile }), /cannot write to --out ".*a-file": it exists and is not a directory/],
    [
      'an output file that is a directory',
      () => {
        const out = join(dir, 'out-with-dir');
        mkdirSync(join(out, 'siem.jsonl'), { recursive: true });
        return { out };
      },
      /cannot write ".*siem\.jsonl": EISDIR/,
    ],
    [
      '--data-dir that is a regular file',
      () => ({ out: join(dir, 'out-x'), data: aFile }),
      /cannot write to --data-dir ".*a-file": it exists and is not a directory/,
    ],
    [
      '--data-dir in use by a live replay',
      () => {
        const data = join(dir, 'busy-state');
        mkdirSync(data, { recursive: true });
        writeFileSync(join(data, 'replay.lock'), String(process.pid));
        return { out: join(dir, 'out-y'), data };
      },
      /--data-dir ".*busy-state" is in use by another replay \(pid \d+\)/,
    ],
  ])('%s', async (_name, setup, message) => {
    const { out, data } = setup() as { out: string; data?: string };
    const run = replay([capture], out, data);
    // A ReplayError (the CLI prints its message and exits 1); by name, as each replay loads fresh modules.
    await expect(run).rejects.toMatchObject({ name: 'ReplayError', message: expect.stringMatching(message) });
  });

  const procExists = (() => {
    try {
      return readFileSync('/proc/self/stat', 'utf8').length > 0;
    } catch {
      return false;
    }
  })();
  (procExists ? test : test.skip)(
    '--out under /proc fails at once (mkdir -p loops for ever there on Node 20)',
    async () => {
      await expect(replay([capture], '/proc/vigil-no-such-dir/out')).rejects.toMatchObject({
        name: 'ReplayError',
        message: expect.stringMatching(/cannot write to --out "\/proc\/vigil-no-such-dir\/out": ENOENT/),
      });
    },
    10_000,
  );
});

test('a lock left by a replay that is gone is taken over, and released at the end', async () => {
  const data = join(dir, 'stale-state');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'replay.lock'), '2147483646');
  const capture = join(dir, 'stale.jsonl');
  writeFileSync(capture, `${JSON.stringify(guardDuty)}\n`);
  const summary = await replay([capture], join(dir, 'out-stale'), data);
  expect(summary.events.read).toBe(1);
  expect(() => readFileSync(join(data, 'replay.lock'))).toThrow(/ENOENT/);
}, 30_000);
