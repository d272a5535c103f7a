import {
  GuardDutyRelay,
  TUNABLE_DETECTIONS,
  configureRelay,
  guarddutyFinding,
  parseDetectionOverrides,
} from '../../../../shared/detections';
import { FindingStore, type Finding, type FindingPublisher } from '../../../../shared/findings';
import { guardDutyEvent } from '../../../helpers/capturedEvent';
import { startFindingsTable } from '../../../helpers/findingsTable';

/**
 * GuardDuty findings through the finding store (dynalite): one Vigil finding per GuardDuty finding id,
 * announced once, whatever the order of the original and its updates and however often each arrives.
 */
const tables: Array<Awaited<ReturnType<typeof startFindingsTable>>> = [];
afterAll(async () => {
  for (const t of tables) await t.close();
});

/** A relay over an empty findings table, and what it announced. */
async function freshRelay(overrides: Record<string, unknown> = {}) {
  const table = await startFindingsTable('findings-guardduty');
  tables.push(table);
  const announced: Finding[] = [];
  const publisher = { publish: async (findings: Finding[]) => void announced.push(...findings) } as unknown as FindingPublisher;
  const store = new FindingStore(table.ddb, 'findings-guardduty');
  const relay = new GuardDutyRelay(
    configureRelay(guarddutyFinding, parseDetectionOverrides(overrides, TUNABLE_DETECTIONS)),
    store,
    publisher,
  );
  return { relay, store, announced };
}

/** The exfiltration finding (count 4), its captured update (count 9), and one more update a day later (count 15). */
const series = [
  guardDutyEvent('instance-credential-exfiltration-outside-aws'),
  guardDutyEvent('instance-credential-exfiltration-outside-aws-update'),
  guardDutyEvent('instance-credential-exfiltration-outside-aws-update', {
    id: '7e9a1c3b-5d2f-4e6a-8b0c-2d4f6a8c0e1f',
    time: '2026-11-21T20:30:01Z',
    // Past the end of the first day's dedup window: still the same finding.
    detail: { updatedAt: '2026-11-21T20:30:00.000Z', service: { count: 15, eventLastSeen: '2026-11-21T20:12:40.000Z' } },
  }),
];
const findingIdOf = (outcome: Awaited<ReturnType<GuardDutyRelay['relay']>>) =>
  outcome.status === 'skipped' ? undefined : outcome.findingId;

test('the original opens and announces the finding; updates grow count and lastSeen, and announce it again', async () => {
  const { relay, store, announced } = await freshRelay();
  const first = await relay.relay(series[0]!);
  expect(first).toMatchObject({ status: 'opened', detection: 'guardduty-finding', severity: 'high' });
  expect(await relay.relay(series[1]!)).toEqual({ ...first, status: 'updated' });
  expect(await relay.relay(series[2]!)).toEqual({ ...first, status: 'updated' });
  // Announced again as it grows, so the router can add a note with the new count (never a second page).
  expect(announced.map((f) => [f.id, f.count, f.lastSeen])).toEqual([
    [findingIdOf(first), 1, '2026-11-20T12:52:33.000Z'],
    [findingIdOf(first), 2, '2026-11-20T18:47:12.000Z'],
    [findingIdOf(first), 3, '2026-11-21T20:12:40.000Z'],
  ]);
  expect(await store.get(findingIdOf(first)!)).toMatchObject({
    count: 3,
    eventIds: series.map((e) => e.id),
    firstSeen: '2026-11-20T12:41:09.000Z',
    lastSeen: '2026-11-21T20:12:40.000Z',
    severity: 'high',
    title: 'GuardDuty: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    subject: 'report-worker-role',
    runbook: 'docs/runbooks/guardduty-finding.md',
    source: 'aws.guardduty',
    evidence: { guardDutyCount: 15, updatedAt: '2026-11-21T20:30:00.000Z', api: 'GetObject' },
  });
});

test('any delivery order, with duplicates, gives the same one finding, opened once', async () => {
  const orders = [
    [0, 1, 2],
    [2, 1, 0],
    [1, 2, 1, 0, 0, 2],
    [2, 0, 2, 1, 1],
  ];
  const findings: Finding[] = [];
  for (const order of orders) {
    const { relay, store, announced } = await freshRelay();
    const ids = new Set<string | undefined>();
    for (const i of order) ids.add(findingIdOf(await relay.relay(series[i]!)));
    expect(ids.size).toBe(1);
    expect(new Set(announced.map((f) => f.id)).size).toBe(1);
    expect(announced[0]!.count).toBe(1);
    const stored = (await store.scan().next()).value as Finding;
    findings.push({ ...stored, eventIds: [...stored.eventIds].sort() });
  }
  // Whichever publication opened it wrote the description; everything else is the same.
  const comparable = findings.map(({ description: _description, ...f }) => f);
  for (const f of comparable) expect(f).toEqual(comparable[0]);
  expect(comparable[0]).toMatchObject({ count: 3, firstSeen: '2026-11-20T12:41:09.000Z', lastSeen: '2026-11-21T20:12:40.000Z' });
  expect(comparable[0]!.evidence.guardDutyCount).toBe(15);
});

test('two GuardDuty findings are two Vigil findings; samples and a disabled relay record nothing', async () => {
  const { relay, store, announced } = await freshRelay();
  const a = await relay.relay(guardDutyEvent('crypto-currency-bitcoin-tool-dns'));
  const b = await relay.relay(guardDutyEvent('ec2-ssh-brute-force'));
  expect([a.status, b.status]).toEqual(['opened', 'opened']);
  expect(announced.map((f) => [f.severity, f.subject])).toEqual([
    ['high', 'i-0a7d3c91e4b25f806'],
    ['low', 'i-04be2d71c9a3f5e18'],
  ]);
  expect(await relay.relay(guardDutyEvent('sample-finding'))).toEqual({ status: 'skipped', reason: 'sample' });
  const stored: Finding[] = [];
  for await (const f of store.scan()) stored.push(f);
  expect(stored).toHaveLength(2);

  const disabled = await freshRelay({ 'guardduty-finding': { enabled: false } });
  const outcome = await disabled.relay.relay(guardDutyEvent('attack-sequence-compromised-credentials'));
  expect(outcome).toEqual({ status: 'skipped', reason: 'disabled' });
  expect(disabled.announced).toEqual([]);
});

test("a stage's severity override is a floor: a low finding comes out medium, a critical one stays critical", async () => {
  const { relay, announced } = await freshRelay({ 'guardduty-finding': { severity: 'medium' } });
  await relay.relay(guardDutyEvent('ec2-ssh-brute-force'));
  await relay.relay(guardDutyEvent('attack-sequence-compromised-credentials'));
  expect(announced.map((f) => f.severity)).toEqual(['medium', 'critical']);
});
