import { configureRelay } from '../../../../shared/detections/relayed';
import { InMemoryDetectionStateStore } from '../../../../shared/detections/state/InMemoryDetectionStateStore';
import type { Occurrence } from '../../../../shared/findings/occurrence';
import { appDataExportAnomaly, DataExportMonitor, type ExportObservation } from '../../../../shared/telemetry/signals/dataExport';
import { duplicatedAndShuffled, foldFindings, inBatches } from './foldFindings';

/**
 * app-data-export-anomaly: a user's exports in a sliding hour against the user's own hourly history, with the
 * security detector's baseline store. The three cases: 14 normal days then a 50× burst (one finding), the
 * same total at the usual pace (none), the burst delivered twice and shuffled (the same finding).
 */
const USER = 'user:5d0c1e2f3a4b5c6d7e8f90a1b2c3d4e5';
const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');
const origin = { source: 'vigil.app', account: '111122223333', region: 'eu-west-1' };

let serial = 0;
function exportAt(time: number, records: number, user = USER): ExportObservation {
  serial += 1;
  return { userPseudonym: user, eventId: `evt-${serial}`, time, records, dataset: 'transactions', app: 'com.example.vigilbank', origin };
}

/** The user's habit: 300 records a day, in two exports around 09:00. */
function normalDay(day: number, user = USER): ExportObservation[] {
  const at = START + day * DAY + 9 * 3_600_000;
  return [exportAt(at + 4 * 60_000, 120, user), exportAt(at + 41 * 60_000, 180, user)];
}

/** 50 times the usual day (15 000 records) in 10 exports within 40 minutes of day 14, at 15:00. */
function burst(day = 14): ExportObservation[] {
  const at = START + day * DAY + 15 * 3_600_000;
  return Array.from({ length: 10 }, (_, i) => exportAt(at + i * 4 * 60_000, 1_500));
}

async function run(batches: readonly ExportObservation[][], overrides = {}) {
  const monitor = new DataExportMonitor(configureRelay(appDataExportAnomaly, overrides), new InMemoryDetectionStateStore());
  const occurrences: Occurrence[] = [];
  for (const batch of batches) {
    const outcome = await monitor.observe(batch);
    occurrences.push(...outcome.occurrences);
    await outcome.commit();
  }
  return { occurrences, findings: foldFindings(occurrences) };
}

const history = () => Array.from({ length: 14 }, (_, day) => normalDay(day)).flat();

test('14 days of normal exports, then a 50× burst: exactly one finding, counting the burst exports', async () => {
  const burstEvents = burst();
  const { findings, occurrences } = await run(inBatches([...history(), ...burstEvents], 4));
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ detection: 'app-data-export-anomaly', subject: USER, severity: 'high' });
  // The window reaches the 10 000-record floor at the 7th export; it holds every export of the burst by the 10th.
  expect(findings[0]!.count).toBe(10);
  expect(new Set(occurrences.map((o) => o.eventId))).toEqual(new Set(burstEvents.map((e) => e.eventId)));
  const last = occurrences.at(-1)!;
  expect(last.evidence).toMatchObject({ referenceBasis: 'time-of-day', historyDays: 13, floorRecords: 10_000, factor: 10 });
  expect(last.evidence.referenceRecords).toBe(300);
  expect(last.evidence.windowRecords).toBe(15_000);
});

test('the same total at the usual pace (300 a day for 50 days) raises nothing', async () => {
  const days = Array.from({ length: 50 }, (_, day) => normalDay(day)).flat();
  expect(days.reduce((a, e) => a + e.records, 0)).toBe(15_000);
  const { findings } = await run(inBatches(days, 4));
  expect(findings).toEqual([]);
});

test('a user whose own peak is the burst size is flagged only while new; a new user is judged on the floor alone', async () => {
  // A bookkeeper: 12 000 records every day for 14 days, then the same on day 14 at another hour. Day 0 has no history:
  // over the floor, it fires; from day 1 on, the user's own peak hour covers it, at any hour of the day.
  const heavy = 'user:00aa11bb22cc33dd44ee55ff66778899';
  const days = Array.from({ length: 15 }, (_, day) => exportAt(START + day * DAY + (day === 14 ? 20 : 8) * 3_600_000, 12_000, heavy));
  const bookkeeper = await run(inBatches(days, 3));
  expect(bookkeeper.findings.map((f) => [f.firstSeen, f.count])).toEqual([['2026-11-01T08:00:00.000Z', 1]]);
  // No history at all: 12 000 records in an hour is over the floor, and fires.
  const newcomer = 'user:ffeeddccbbaa99887766554433221100';
  const first = [exportAt(START, 6_000, newcomer), exportAt(START + 20 * 60_000, 6_000, newcomer)];
  const { findings } = await run([first]);
  expect(findings.map((f) => [f.subject, f.count])).toEqual([[newcomer, 2]]);
});

test('every export delivered twice and shuffled (bounded lateness), in other batches: the same findings', async () => {
  const events = [...history(), ...burst()];
  const clean = await run(inBatches(events, 4));
  const messy = await run(inBatches(duplicatedAndShuffled(events, 12), 5));
  expect(messy.findings).toEqual(clean.findings);
  expect(clean.findings).toHaveLength(1);
});

test('findings never carry a user id, only its pseudonym; a disabled stage raises nothing', async () => {
  const { occurrences } = await run(inBatches([...history(), ...burst()], 4));
  expect(occurrences.every((o) => o.subject === USER && o.dedupKey === USER)).toBe(true);
  const disabled = await run(inBatches([...history(), ...burst()], 4), { 'app-data-export-anomaly': { enabled: false } });
  expect(disabled.occurrences).toEqual([]);
});

test('parameters are tunable per stage: a higher floor lets the burst through', async () => {
  const overrides = { 'app-data-export-anomaly': { parameters: { floorRecords: 20_000 } } };
  const { findings } = await run(inBatches([...history(), ...burst()], 4), overrides);
  expect(findings).toEqual([]);
});
