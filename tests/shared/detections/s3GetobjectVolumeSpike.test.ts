import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  StatefulEngine,
  parseDetectionOverrides,
  type CloudTrailEnvelope,
} from '../../../shared/detections';
import { windowStart } from '../../../shared/findings';
import { moreSevere } from '../../../shared/findings/severity';
import type { Occurrence } from '../../../shared/findings/occurrence';
import type { Severity } from '../../../shared/findings/types';
import { loadCaptured } from '../../helpers/capturedEvent';
import { shuffledWithin } from './statefulRun';

const ID = 's3-getobject-volume-spike';
const MB = 1_000_000;
const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');

/** The captured GetObject data event (tests/events/cloudtrail/s3-get-object.json), as a template. */
const template = loadCaptured('cloudtrail', 's3-get-object') as unknown as CloudTrailEnvelope;
let serial = 0;

/** A successful GetObject by `role` (an assumed-role session of it) at `time`, reading `bytes`. */
function getObject(role: string, time: number, bytes: number, sourceIp = '10.20.14.37', bucket = 'ledger-archive-111122223333') {
  serial += 1;
  const event = structuredClone(template) as unknown as { id: string; time: string; detail: Record<string, any> };
  const iso = new Date(time).toISOString().replace('.000Z', 'Z');
  event.id = `evt-${String(serial).padStart(7, '0')}`;
  event.time = iso;
  const detail = event.detail;
  detail.eventTime = iso;
  detail.eventID = `ct-${serial}`;
  detail.sourceIPAddress = sourceIp;
  detail.userIdentity.arn = `arn:aws:sts::111122223333:assumed-role/${role}/session-${Math.floor(time / DAY)}`;
  detail.userIdentity.sessionContext.sessionIssuer.arn = `arn:aws:iam::111122223333:role/${role}`;
  detail.requestParameters = { bucketName: bucket, key: `objects/${serial}.parquet` };
  detail.additionalEventData = { ...detail.additionalEventData, bytesTransferredOut: bytes };
  return event as unknown as CloudTrailEnvelope;
}

/** `count` reads of `bytes` each, evenly spread over `minutes` from `from`. */
function reads(role: string, from: number, minutes: number, count: number, bytes: number, sourceIp?: string): CloudTrailEnvelope[] {
  const step = (minutes * 60_000) / count;
  return Array.from({ length: count }, (_, i) => getObject(role, from + Math.floor(i * step), bytes, sourceIp));
}

/** A principal's normal business days: 20 MB per hour from 08:00 to 18:00 UTC (four 5 MB reads an hour). */
function businessDays(role: string, days: number, fromDay = 0): CloudTrailEnvelope[] {
  const events: CloudTrailEnvelope[] = [];
  for (let day = fromDay; day < fromDay + days; day++) {
    for (let hour = 8; hour < 18; hour++) events.push(...reads(role, START + day * DAY + hour * 3_600_000, 60, 4, 5 * MB));
  }
  return events;
}

const byTime = (a: CloudTrailEnvelope, b: CloudTrailEnvelope) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : 1);

function batchesOf(events: readonly CloudTrailEnvelope[], size: number): CloudTrailEnvelope[][] {
  const batches: CloudTrailEnvelope[][] = [];
  for (let i = 0; i < events.length; i += size) batches.push(events.slice(i, i + size));
  return batches;
}

interface FindingView {
  count: number;
  firstSeen: string;
  lastSeen: string;
  severity: string;
}

/**
 * Runs only this detection over the batches on one in-memory store and returns what FindingStore
 * would hold: per finding (dedup key and window), its distinct events' count and first and last seen.
 */
async function run(batches: readonly CloudTrailEnvelope[][], parameters: Record<string, unknown> = {}) {
  const detections = DETECTIONS.filter((d) => d.definition.id === ID);
  const overrides = Object.keys(parameters).length > 0 ? { [ID]: { parameters } } : {};
  const engine = new DetectionEngine(detections, parseDetectionOverrides(overrides, detections));
  const store = new InMemoryDetectionStateStore();
  const stateful = new StatefulEngine(engine, store, { now: () => START });
  const occurrences: Occurrence[] = [];
  for (const batch of batches) {
    const outcome = await stateful.evaluate(batch);
    occurrences.push(...outcome.occurrences);
    await stateful.commit(outcome.marks);
  }
  const byFinding = new Map<string, { ids: Set<string>; times: number[]; severity: Severity }>();
  for (const o of occurrences) {
    const id = `${o.dedupKey} ${windowStart(o.eventTime, o.windowMinutes).toISOString()}`;
    const entry = byFinding.get(id) ?? { ids: new Set(), times: [], severity: o.severity };
    entry.ids.add(o.eventId);
    entry.times.push(o.eventTime.getTime());
    // As FindingStore does: a later occurrence raises the finding's severity, never lowers it.
    entry.severity = moreSevere(entry.severity, o.severity);
    byFinding.set(id, entry);
  }
  const findings: Record<string, FindingView> = {};
  for (const [id, { ids, times, severity }] of [...byFinding].sort()) {
    findings[id] = {
      count: ids.size,
      firstSeen: new Date(Math.min(...times)).toISOString(),
      lastSeen: new Date(Math.max(...times)).toISOString(),
      severity,
    };
  }
  return { findings, occurrences, store };
}

const analyst = 'arn:aws:iam::111122223333:role/analytics-reader';

test('14 days of normal hourly reads, then 3 GB in 10 minutes: exactly one finding, critical, with every read of the burst', async () => {
  const history = businessDays('analytics-reader', 14);
  const burst = reads('analytics-reader', START + 14 * DAY + 14 * 3_600_000, 10, 300, 10 * MB);
  const { findings, occurrences } = await run(batchesOf([...history, ...burst], 50));
  expect(Object.keys(findings)).toEqual([`principal:${analyst} 2026-11-15T00:00:00.000Z`]);
  expect(Object.values(findings)[0]).toEqual({
    count: 300,
    firstSeen: '2026-11-15T14:00:00.000Z',
    lastSeen: new Date(Date.parse(burst[299]!.time)).toISOString(),
    severity: 'critical',
  });
  expect(occurrences[0]!.evidence).toMatchObject({ referenceBasis: 'time-of-day', referenceBytes: 20 * MB, historyDays: 14 });
});

test('the same 3 GB spread at the principal’s normal pace raises nothing', async () => {
  // 14 business days of 20 MB an hour, plus 3 GB spread over the same 140 hours (about 21 MB more an hour).
  const normal = businessDays('analytics-reader', 14);
  const spread: CloudTrailEnvelope[] = [];
  for (let day = 0; day < 14; day++) {
    for (let hour = 8; hour < 18; hour++)
      spread.push(...reads('analytics-reader', START + day * DAY + hour * 3_600_000 + 7 * 60_000, 60, 3, 7.2 * MB));
  }
  const { findings } = await run(batchesOf([...normal, ...spread].sort(byTime), 50));
  expect(findings).toEqual({});
});

test('a batch role reading 2 GB every night at 02:00 raises a finding the first night only', async () => {
  const nights = Array.from({ length: 7 }, (_, night) => reads('nightly-export', START + night * DAY + 2 * 3_600_000, 10, 200, 10 * MB));
  const { findings, occurrences } = await run(batchesOf(nights.flat(), 40));
  // The first night there is no history (only the static floor applies); from the second on the
  // peak of the same night is the reference, and from the fourth the 02:00 profile.
  expect(Object.keys(findings)).toEqual(['principal:arn:aws:iam::111122223333:role/nightly-export 2026-11-01T00:00:00.000Z']);
  expect(Object.values(findings)[0]!.count).toBe(200);
  expect(occurrences[0]!.evidence).toMatchObject({ referenceBasis: 'none', historyDays: 0 });
});

test('a daily peak does not make the same volume normal at another hour (a baseline over all hours would)', async () => {
  // 5 MB an hour all day, and a 500 MB report pull at 09:00 every day.
  const days: CloudTrailEnvelope[] = [];
  for (let day = 0; day < 14; day++) {
    for (let hour = 0; hour < 24; hour++) days.push(getObject('reporting', START + day * DAY + hour * 3_600_000 + 30 * 60_000, 5 * MB));
    days.push(...reads('reporting', START + day * DAY + 9 * 3_600_000, 10, 50, 10 * MB));
  }
  const atNine = reads('reporting', START + 14 * DAY + 9 * 3_600_000, 10, 50, 10 * MB);
  const atThree = reads('reporting', START + 15 * DAY + 3 * 3_600_000, 10, 50, 10 * MB);
  const first = await run(batchesOf([...days, ...atNine].sort(byTime), 60));
  // Only the very first pull, before any history: the 09:00 pulls after it are the principal's habit.
  expect(Object.keys(first.findings)).toEqual(['principal:arn:aws:iam::111122223333:role/reporting 2026-11-01T00:00:00.000Z']);
  const second = await run(batchesOf([...days, ...atThree].sort(byTime), 60));
  expect(Object.keys(second.findings)).toEqual([
    'principal:arn:aws:iam::111122223333:role/reporting 2026-11-01T00:00:00.000Z',
    'principal:arn:aws:iam::111122223333:role/reporting 2026-11-16T00:00:00.000Z',
  ]);
  expect(second.findings['principal:arn:aws:iam::111122223333:role/reporting 2026-11-16T00:00:00.000Z']).toMatchObject({
    count: 50,
    severity: 'high',
  });
});

test('a principal with no history is covered by the static floor: 50 MB in 10 minutes fires, 49 MB does not', async () => {
  const below = await run([reads('new-role', START, 10, 7, 7 * MB)]);
  expect(below.findings).toEqual({});
  const at = await run([reads('new-role', START, 10, 5, 10 * MB)]);
  expect(Object.values(at.findings).map((f) => f.count)).toEqual([5]);
});

test('a moderate spike is high from a known source IP and critical from one the history has not seen', async () => {
  const history = businessDays('analytics-reader', 14);
  const known = reads('analytics-reader', START + 14 * DAY + 11 * 3_600_000, 10, 30, 10 * MB);
  const fromNewIp = reads('analytics-reader', START + 14 * DAY + 11 * 3_600_000, 10, 30, 10 * MB, '203.0.113.50');
  expect(Object.values((await run(batchesOf([...history, ...known], 50))).findings).map((f) => f.severity)).toEqual(['high']);
  const critical = await run(batchesOf([...history, ...fromNewIp], 50));
  expect(Object.values(critical.findings).map((f) => f.severity)).toEqual(['critical']);
  expect(critical.occurrences[0]!.evidence).toMatchObject({ newSourceIPAddresses: '203.0.113.50' });
});

test('each principal has its own baseline: the nightly job’s history does not cover another role', async () => {
  const nights = Array.from({ length: 5 }, (_, night) => reads('nightly-export', START + night * DAY + 2 * 3_600_000, 10, 200, 10 * MB));
  const other = reads('analytics-reader', START + 5 * DAY + 2 * 3_600_000, 10, 200, 10 * MB);
  const { findings } = await run(batchesOf([...nights.flat(), ...other], 40));
  expect(Object.keys(findings).filter((k) => k.includes('analytics-reader'))).toHaveLength(1);
});

test('every event twice, shuffled within 10 minutes of lateness, in other batch sizes: the same findings', async () => {
  const history = businessDays('analytics-reader', 14);
  const burst = reads('analytics-reader', START + 14 * DAY + 14 * 3_600_000, 10, 300, 10 * MB);
  const nights = Array.from({ length: 4 }, (_, night) => reads('nightly-export', START + night * DAY + 2 * 3_600_000, 10, 200, 10 * MB));
  const clean = [...history, ...burst, ...nights.flat()].sort(byTime);
  const expected = (await run(batchesOf(clean, 50))).findings;
  expect(Object.keys(expected)).toHaveLength(2);
  const doubled = shuffledWithin([...clean, ...clean], 10);
  expect((await run(batchesOf(doubled, 37))).findings).toEqual(expected);
  expect((await run(batchesOf(shuffledWithin(clean, 10, 99), 1000))).findings).toEqual(expected);
});

test('history is one conditional rollup write per principal and hour a batch touches, and it only grows', async () => {
  const history = businessDays('analytics-reader', 2);
  const { store } = await run(batchesOf([...history, ...history], 10));
  const hours = new Set(store.rollupWrites.map((w) => `${w.key} ${w.rollup.hour}`));
  expect(hours.size).toBe(20);
  const rollups = await store.readRollups(ID, `principal:${analyst}`, '2026-11-01T00', '2026-11-02T23');
  expect(rollups.map((r) => [r.total, r.count])).toEqual(Array.from({ length: 20 }, () => [20 * MB, 4]));
  // The redelivered half found fuller rollups stored and changed nothing.
  expect(rollups.every((r) => r.attributes.join() === '10.20.14.37')).toBe(true);
});

test('a read that failed or a principal on the ignore list is not counted', async () => {
  const failed = reads('new-role', START, 10, 10, 10 * MB).map((e) => ({ ...e, detail: { ...e.detail, errorCode: 'AccessDenied' } }));
  expect((await run([failed])).findings).toEqual({});
  const ignored = reads('new-role', START, 10, 10, 10 * MB);
  expect((await run([ignored], { ignoredPrincipals: ['arn:aws:iam::111122223333:role/new-role'] })).findings).toEqual({});
  expect(Object.keys((await run([ignored])).findings)).toHaveLength(1);
});
