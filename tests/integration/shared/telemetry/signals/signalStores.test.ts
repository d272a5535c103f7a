import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../../../infra/local/awsClients';
import { type EmbeddedDynamo, ensureTables, loadTableDefinitions, startDynamo } from '../../../../../infra/local/dynamo';
import { configureRelay } from '../../../../../shared/detections/relayed';
import { DynamoDetectionStateStore } from '../../../../../shared/detections/state/DynamoDetectionStateStore';
import type { BatchOutcome } from '../../../../../shared/telemetry';
import { emptyCounts, TelemetryIngestCounters } from '../../../../../shared/telemetry/TelemetryIngestCounters';
import { DynamoExposureCountStore } from '../../../../../shared/telemetry/experiments';
import { appDataExportAnomaly, DataExportMonitor, type ExportObservation } from '../../../../../shared/telemetry/signals/dataExport';
import { DynamoLatencyBucketStore } from '../../../../../shared/telemetry/signals/latency';
import { SchemaRejectionMonitor, telemetrySchemaRejections } from '../../../../../shared/telemetry/signals/schemaRejections';

/** The app signals' DynamoDB state in the DetectionState table as infra/resources/tables.yml deploys it (dynalite). */
let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;
let ddb: DynamoDBDocumentClient;
let tables = 0;
let table = '';

beforeAll(async () => {
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  ddb = DynamoDBDocumentClient.from(client);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

beforeEach(async () => {
  tables += 1;
  table = `vigil-test-signals-${tables}`;
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: () => table,
  }).filter((d) => d.logicalId === 'DetectionState');
  await ensureTables(client, definitions);
});

const origin = { source: 'vigil.app', account: '111122223333', region: 'eu-west-1' };
const key = { app: 'com.example.vigilbank', platform: 'android', release: 'com.example.vigilbank@4.13.0+41300001' };

function outcome(envelopeId: string, receivedAt: string, accepted: number, quarantined: number): BatchOutcome {
  const violations = { ...emptyCounts().violations, type_mismatch: quarantined };
  return {
    envelopeId,
    receivedAt,
    key,
    batchQuarantined: false,
    events: accepted + quarantined,
    accepted: Array.from({ length: accepted }) as BatchOutcome['accepted'],
    quarantined,
    unexpected: 0,
    violations,
    quarantineIds: [],
  };
}

test('telemetry-schema-rejections reads the hour back from the counters: every batch of the hour, one occurrence per hour', async () => {
  const counters = new TelemetryIngestCounters({ ddb, table });
  const monitor = new SchemaRejectionMonitor(configureRelay(telemetrySchemaRejections, {}), counters);
  // 10:00-11:00: 40 events, 1 rejected, then 30 more of which 9 rejected: 10 of 70 (14 %) over 50 events.
  const first = [outcome('e-1', '2026-11-20T10:05:00Z', 39, 1)];
  await counters.add(first);
  expect(await monitor.evaluate(first.map((o) => ({ outcome: o, origin })))).toEqual([]);
  const second = [outcome('e-2', '2026-11-20T10:40:00Z', 21, 9)];
  await counters.add(second);
  const occurrences = await monitor.evaluate(second.map((o) => ({ outcome: o, origin })));
  expect(occurrences).toHaveLength(1);
  expect(occurrences[0]).toMatchObject({
    detection: 'telemetry-schema-rejections',
    severity: 'medium',
    subject: 'com.example.vigilbank com.example.vigilbank@4.13.0+41300001 (android)',
    eventId: 'telemetry-ingest:com.example.vigilbank#android#com.example.vigilbank@4.13.0+41300001@2026-11-20T10',
    eventTime: new Date('2026-11-20T10:00:00Z'),
    evidence: { events: 70, rejected: 10, quarantined: 10, share: 0.1429, violations: 'type_mismatch=10', hour: '2026-11-20T10' },
  });
  // The next hour starts afresh: 20 events, all fine.
  const third = [outcome('e-3', '2026-11-20T11:02:00Z', 20, 0)];
  await counters.add(third);
  expect(await monitor.evaluate(third.map((o) => ({ outcome: o, origin })))).toEqual([]);
  expect(await counters.read(key, '2026-11-20T12')).toBeUndefined();
});

test('DynamoExposureCountStore: a unit once, in its earliest variant; a redelivery changes nothing; pseudonyms only', async () => {
  const store = new DynamoExposureCountStore(ddb, table);
  const a = { experimentKey: 'onboarding_checklist_v3', unit: 'user:user:aa', variant: 'treatment', time: 2_000, eventId: 'e-2' };
  expect(await store.assign(a, 1_900_000_000)).toEqual({ added: 'treatment' });
  expect(await store.assign(a, 1_900_000_000)).toEqual({});
  // An earlier exposure of the same unit in the control moves it.
  expect(await store.assign({ ...a, variant: 'control', time: 1_000, eventId: 'e-1' }, 1_900_000_000)).toEqual({
    added: 'control',
    removed: 'treatment',
  });
  expect(await store.assign({ ...a, variant: 'treatment', time: 3_000, eventId: 'e-3' }, 1_900_000_000)).toEqual({});
  await store.add('onboarding_checklist_v3', new Map([['treatment', 1]]), 1_900_000_000);
  await store.add(
    'onboarding_checklist_v3',
    new Map([
      ['control', 1],
      ['treatment', -1],
    ]),
    1_900_000_000,
  );
  expect(await store.counts('onboarding_checklist_v3')).toEqual(new Map([['control', 1]]));
  const items = (await ddb.send(new ScanCommand({ TableName: table }))).Items ?? [];
  expect(items.map((i) => i.pk).sort()).toEqual([
    'experiment-exposures:onboarding_checklist_v3',
    'experiment-unit:onboarding_checklist_v3#user:user:aa',
  ]);
  expect(items.every((i) => typeof i.expiresAt === 'number')).toBe(true);
});

test('DynamoLatencyBucketStore: one item per series and 5-minute bucket, each batch added once', async () => {
  const store = new DynamoLatencyBucketStore(ddb, table);
  const minute = Date.parse('2026-11-20T10:05:00Z') / 60_000;
  expect(await store.add('app#production', { minute, total: 4, bad: 1 }, 'env-1', 1_900_000_000)).toBe(true);
  expect(await store.add('app#production', { minute, total: 4, bad: 1 }, 'env-1', 1_900_000_000)).toBe(false);
  expect(await store.add('app#production', { minute, total: 6, bad: 0 }, 'env-2', 1_900_000_000)).toBe(true);
  expect(await store.add('app#production', { minute: minute + 5, total: 2, bad: 2 }, 'env-2', 1_900_000_000)).toBe(true);
  expect(await store.add('app#staging', { minute, total: 9, bad: 9 }, 'env-3', 1_900_000_000)).toBe(true);
  const read = await store.read('app#production', minute - 60, minute + 5);
  expect(read.sort((x, y) => x.minute - y.minute)).toEqual([
    { minute, total: 10, bad: 1 },
    { minute: minute + 5, total: 2, bad: 2 },
  ]);
});

test('app-data-export-anomaly on the DynamoDB state store: a burst after a normal history, once, under redelivery', async () => {
  const monitor = new DataExportMonitor(configureRelay(appDataExportAnomaly, {}), new DynamoDetectionStateStore(ddb, table));
  const user = 'user:5d0c1e2f3a4b5c6d7e8f90a1b2c3d4e5';
  const start = Date.parse('2026-11-01T09:00:00Z');
  const at = (time: number, records: number, id: string): ExportObservation => ({
    userPseudonym: user,
    eventId: id,
    time,
    records,
    dataset: 'statements',
    app: 'com.example.vigilbank',
    origin,
  });
  const history = Array.from({ length: 5 }, (_, day) => at(start + day * 86_400_000, 400, `h-${day}`));
  const burst = Array.from({ length: 4 }, (_, i) => at(start + 5 * 86_400_000 + 6 * 3_600_000 + i * 600_000, 5_000, `b-${i}`));
  const ids: string[] = [];
  for (const batch of [history, burst, burst]) {
    const outcome = await monitor.observe(batch);
    ids.push(...outcome.occurrences.map((o) => o.eventId));
    await outcome.commit();
  }
  // The window reaches 10 000 records at the second export: all four count, once, the redelivered batch adds none.
  expect(ids.sort()).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
  const items = (await ddb.send(new ScanCommand({ TableName: table }))).Items ?? [];
  expect(JSON.stringify(items)).not.toMatch(/u_[0-9A-Z]{8}/);
  expect(items.some((i) => String(i.pk).startsWith('rollup:app-data-export-anomaly#user:'))).toBe(true);
});
