import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { DETECTIONS } from '../../shared/detections';

/** These captures are about the window and sequence detections: the stateless ones that also read sign-ins are off. */
const ONLY_STATEFUL = Object.fromEntries(
  DETECTIONS.filter((d) => d.kind === 'stateless').map((d) => [d.definition.id, { enabled: false }]),
);
import type { CloudTrailEnvelope } from '../../shared/detections';
import type { Finding } from '../../shared/findings';
import { consoleLogin } from '../shared/detections/consoleLoginEvents';
import { withoutHeartbeatPings } from '../helpers/alertRequests';

/**
 * Window and sequence detections end to end through `vigil replay`: the same findings whatever the
 * delivery order, the duplicates and the batch size: EventBridge delivers at least once and out of order,
 * and findings must come out exactly once (README.md, "Replay a capture").
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-stateful-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const user = (userName: string) => ({ userName });
const root = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', userName: 'root' };
const at = (hhmmss: string) => `2026-11-20T${hhmmss}Z`;

const tanakaFailures = ['10:00:10', '10:01:20', '10:03:30', '10:05:40', '10:07:50', '10:08:00'].map((t, i) =>
  consoleLogin('Failure', at(t), `tanaka-f${i + 1}`, user('k.tanaka')),
);
const tanakaSuccess = consoleLogin('Success', at('10:20:00'), 'tanaka-s1', user('k.tanaka'));
// A burst across the hour: one finding per dedup window (10:00 and 11:00), each with its own failures.
const leeFailures = ['10:55:00', '10:57:00', '10:59:00', '11:01:00', '11:03:00'].map((t, i) =>
  consoleLogin('Failure', at(t), `lee-f${i + 1}`, user('lee')),
);
const bobFailures = ['10:00:00', '10:02:00', '10:04:00', '10:06:00'].map((t, i) =>
  consoleLogin('Failure', at(t), `bob-f${i + 1}`, user('bob')),
);
const rootFailures = ['12:00:00', '12:00:30', '12:01:00', '12:01:30', '12:02:00'].map((t, i) =>
  consoleLogin('Failure', at(t), `root-f${i + 1}`, root),
);
const inOrder: CloudTrailEnvelope[] = [...tanakaFailures, tanakaSuccess, ...leeFailures, ...bobFailures, ...rootFailures].sort(
  (a, b) => a.detail.eventTime.localeCompare(b.detail.eventTime) || a.id.localeCompare(b.id),
);

/** A fixed shuffle (a small LCG), so a failure is reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function replay(name: string, events: readonly CloudTrailEnvelope[], batchSize: number) {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
  const out = join(dir, name);
  // Each run is a fresh process in production: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({
    inputs: [capture],
    outDir: out,
    config: parseLocalConfig({ batchSize, detectionOverrides: ONLY_STATEFUL }),
  });
  const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
  return {
    summary,
    findings,
    opsgenie: withoutHeartbeatPings(
      readFileSync(join(out, 'opsgenie.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { url: string }),
    ).length,
  };
}

/** findings.jsonl content with the order of set-like arrays (event ids, resources) and of the lines left out. */
function normalised(findings: readonly Finding[]) {
  return findings
    .map((f) => ({ ...f, eventIds: [...f.eventIds].sort(), resources: [...f.resources].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

let expected: ReturnType<typeof normalised>;

test('failures then a success: exactly the expected findings, each listing its events', async () => {
  const { findings, summary, opsgenie } = await replay('in-order', inOrder, 100);
  const brief = normalised(findings).map((f) => [f.detection, f.subject, f.severity, f.window.start, f.count, f.eventIds]);
  expect(brief).toEqual(
    expect.arrayContaining([
      [
        'console-bruteforce-per-user',
        'arn:aws:iam::111122223333:user/k.tanaka',
        'medium',
        at('10:00:00.000'),
        6,
        tanakaFailures.map((e) => e.id).sort(),
      ],
      [
        'bruteforce-then-success',
        'arn:aws:iam::111122223333:user/k.tanaka',
        'high',
        at('10:00:00.000'),
        7,
        [...tanakaFailures, tanakaSuccess].map((e) => e.id).sort(),
      ],
      [
        'console-bruteforce-per-user',
        'arn:aws:iam::111122223333:user/lee',
        'medium',
        at('10:00:00.000'),
        3,
        ['lee-f1', 'lee-f2', 'lee-f3'],
      ],
      ['console-bruteforce-per-user', 'arn:aws:iam::111122223333:user/lee', 'medium', at('11:00:00.000'), 2, ['lee-f4', 'lee-f5']],
      [
        'console-bruteforce-per-user',
        'arn:aws:iam::111122223333:root',
        'high',
        at('12:00:00.000'),
        5,
        rootFailures.map((e) => e.id).sort(),
      ],
    ]),
  );
  expect(brief).toHaveLength(5);
  expect(summary.byDetection).toEqual({ 'console-bruteforce-per-user': 4, 'bruteforce-then-success': 1 });
  // Paged: the sequence and the Root burst (high); the medium bursts go to the SIEM only.
  expect(opsgenie).toBe(2);
  expected = normalised(findings);
}, 60_000);

test('every event delivered twice and shuffled, one per batch: the same findings.jsonl content', async () => {
  const { findings, opsgenie } = await replay('twice-shuffled-1', shuffled([...inOrder, ...inOrder], 7), 1);
  expect(normalised(findings)).toEqual(expected);
  // A duplicate never becomes a second alert.
  expect(opsgenie).toBe(2);
}, 60_000);

test('the success before its failures, in batches of 100 and of 3: the same findings', async () => {
  const reversed = [...inOrder].reverse();
  expect(normalised((await replay('reversed-100', reversed, 100)).findings)).toEqual(expected);
  expect(normalised((await replay('twice-shuffled-3', shuffled([...reversed, ...inOrder], 42), 3)).findings)).toEqual(expected);
}, 90_000);

test('the success in a batch of its own before any failure arrives still raises the sequence', async () => {
  const rest = inOrder.filter((e) => e.id !== tanakaSuccess.id);
  const { findings } = await replay('success-first', [tanakaSuccess, ...rest], 1);
  expect(normalised(findings)).toEqual(expected);
}, 60_000);
