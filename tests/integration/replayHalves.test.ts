import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReplayInputs } from '../../infra/local/replay';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import type { Finding } from '../../shared/findings';
import { withoutHeartbeatPings } from '../helpers/alertRequests';

/**
 * A capture replayed as two halves on one --data-dir raises what one replay raises: the same findings
 * (ids, counts, first and last seen, event ids), each paged once. events/samples/cloudtrail holds
 * windows that fire (marco.b's 6 failures, then his success: console-bruteforce-per-user and
 * bruteforce-then-success), stateless findings with several occurrences, and events no rule wants.
 */
const REPO = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vigil-halves-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = <T>(out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

async function replay(name: string, events: readonly EventBridgeEvent[], dataDir?: string) {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
  const out = join(dir, name);
  // Each run is a fresh process: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  await runReplay({
    inputs: [capture],
    outDir: out,
    config: parseLocalConfig({}),
    dataDir,
    progressStream: { write: () => true } as never,
  });
  const findings = lines<Finding>(out, 'findings.jsonl')
    .map((f) => ({ ...f, eventIds: [...f.eventIds].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { findings, pages: withoutHeartbeatPings(lines<{ body: { alias: string } }>(out, 'opsgenie.jsonl')).map((r) => r.body.alias) };
}

let events: EventBridgeEvent[];
let whole: Awaited<ReturnType<typeof replay>>;

beforeAll(async () => {
  events = [];
  for await (const item of readReplayInputs([join(REPO, 'events', 'samples', 'cloudtrail')]))
    if (item.kind === 'event') events.push(item.event);
  events.sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  whole = await replay('whole', events);
}, 120_000);

test('the capture raises windows and sequences worth splitting', () => {
  const detections = new Set(whole.findings.map((f) => f.detection));
  expect([...detections]).toEqual(expect.arrayContaining(['console-bruteforce-per-user', 'bruteforce-then-success']));
  expect(whole.findings.find((f) => f.detection === 'console-bruteforce-per-user')?.count).toBe(6);
});

test('cut in event time inside the brute-force burst: the same findings, each paged once', async () => {
  // 15:05:00 falls between marco.b's failures: three in each half, the success in the second.
  const cut = '2026-11-20T15:05:00Z';
  const first = events.filter((e) => e.time < cut);
  const second = events.filter((e) => e.time >= cut);
  const burst = (list: EventBridgeEvent[]) =>
    list.filter((e) => JSON.stringify(e.detail).includes('marco.b') && JSON.stringify(e.detail).includes('Failure')).length;
  expect([burst(first), burst(second)]).toEqual([3, 3]);

  const data = join(dir, 'data-time-cut');
  const one = await replay('time-cut-1', first, data);
  const two = await replay('time-cut-2', second, data);
  expect(two.findings).toEqual(whole.findings);
  expect([...one.pages, ...two.pages].sort()).toEqual([...whole.pages].sort());
}, 120_000);

test('halves that interleave in time (the second half holds events older than the first): the same findings', async () => {
  const first = events.filter((_, i) => i % 2 === 0);
  const second = events.filter((_, i) => i % 2 === 1).reverse();
  const data = join(dir, 'data-interleaved');
  const one = await replay('interleaved-1', first, data);
  const two = await replay('interleaved-2', second, data);
  expect(two.findings).toEqual(whole.findings);
  expect([...one.pages, ...two.pages].sort()).toEqual([...whole.pages].sort());
}, 120_000);
