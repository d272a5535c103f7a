import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailEventSchema } from '../../../events/schemas';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import type { Finding } from '../../../shared/findings';
import { attacksOn, benignWeek, WEEK_START } from '../../scenarios/benignWeek';

/**
 * A week of ordinary traffic through `vigil replay`, as a new user would run it: after the baselines'
 * warm-up (the first three days), nothing critical or high; the same week with an attack on day 5
 * raises each attack's detection. tests/scenarios/benignWeek.ts says who does what.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-week-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WARM_UP_END = new Date(WEEK_START + 3 * 24 * 3_600_000).toISOString();
const week = benignWeek();
const attacks = attacksOn(4);

async function replay(name: string, events: readonly unknown[]): Promise<Finding[]> {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
  jest.resetModules();
  const { runReplay } = await import('../../../infra/local/runtime/replayRun');
  const summary = await runReplay({ inputs: [capture], outDir: join(dir, name), config: parseLocalConfig({}) });
  expect(summary.events.quarantined).toBe(0);
  return readFileSync(join(dir, name, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
}

test('every generated record is one the security detector accepts', () => {
  for (const event of week) expect(CloudTrailEventSchema.safeParse(event).error?.issues).toBeUndefined();
  for (const event of Object.values(attacks).flat()) expect(CloudTrailEventSchema.safeParse(event).success).toBe(true);
  expect(week.length).toBeGreaterThan(2500);
});

let benign: Finding[];
/**
 * A week of event time through the embedded runtime: about 35-40 s a replay alone on 2 cores, over 120 s
 * beside other heavy suites on a loaded machine. The limit is there to catch a hang, not to time it (the
 * replay's speed is measured in `npm run bench`).
 */
const WEEK_REPLAY_LIMIT_MS = 360_000;

test(
  'after the warm-up, a benign week raises nothing critical or high',
  async () => {
    benign = await replay('benign', week);
    const paging = benign.filter((f) => (f.severity === 'critical' || f.severity === 'high') && f.lastSeen >= WARM_UP_END);
    expect(paging.map((f) => `${f.detection} ${f.subject} ${f.firstSeen}`)).toEqual([]);
  },
  WEEK_REPLAY_LIMIT_MS,
);

test(
  'the same week with an attack on day 5 raises each attack’s detection, and nothing else new',
  async () => {
    const attacked = await replay(
      'attacked',
      [...week, ...Object.values(attacks).flat()].sort((a, b) => a.time.localeCompare(b.time)),
    );
    const raised = new Set(attacked.map((f) => f.detection));
    for (const detection of Object.keys(attacks)) expect([detection, raised.has(detection)]).toEqual([detection, true]);
    const before = new Set(benign.map((f) => f.id));
    const fresh = attacked.filter((f) => !before.has(f.id)).map((f) => f.detection);
    expect([...new Set(fresh)].sort()).toEqual(Object.keys(attacks).sort());
    expect(fresh.filter((d) => !Object.keys(attacks).includes(d))).toEqual([]);
  },
  WEEK_REPLAY_LIMIT_MS,
);
