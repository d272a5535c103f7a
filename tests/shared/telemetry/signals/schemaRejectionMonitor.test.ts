import { configureRelay } from '../../../../shared/detections/relayed';
import type { BatchOutcome, CounterKey } from '../../../../shared/telemetry';
import { emptyCounts, type TelemetryCounts } from '../../../../shared/telemetry/TelemetryIngestCounters';
import { SchemaRejectionMonitor, telemetrySchemaRejections } from '../../../../shared/telemetry/signals/schemaRejections';

/** telemetry-schema-rejections' decision on an hour's counts (the DynamoDB read is tests/integration/.../signalStores). */
const origin = { source: 'vigil.app', account: '111122223333', region: 'eu-west-1' };
const key: CounterKey = { app: 'app.example.com', platform: 'web', release: 'app.example.com@2.3.0+230' };

function judge(counts: Partial<TelemetryCounts>, overrides = {}) {
  const stored = { ...emptyCounts(), ...counts };
  const monitor = new SchemaRejectionMonitor(configureRelay(telemetrySchemaRejections, overrides), { read: async () => stored });
  const outcome = { key, receivedAt: '2026-11-20T16:20:00Z' } as BatchOutcome;
  return monitor.evaluate([
    { outcome, origin },
    { outcome: { ...outcome, receivedAt: '2026-11-20T16:50:00Z' }, origin },
  ]);
}

test('one occurrence per key and hour, however many batches of the hour; at the threshold it fires, under it not', async () => {
  expect(await judge({ accepted: 95, quarantined: 5 })).toHaveLength(1);
  expect(await judge({ accepted: 96, quarantined: 4 })).toEqual([]);
});

test('too few events is no rate; a marking stage counts its unexpected events, unless told not to', async () => {
  expect(await judge({ accepted: 30, quarantined: 19 })).toEqual([]);
  const marked = { accepted: 100, quarantined: 0, unexpected: 12 };
  const [occurrence] = await judge(marked);
  expect(occurrence?.evidence).toMatchObject({ rejected: 12, unexpected: 12, events: 100, share: 0.12 });
  expect(await judge(marked, { 'telemetry-schema-rejections': { parameters: { includeMarked: false } } })).toEqual([]);
});

test('disabled in a stage, it reads nothing and raises nothing', async () => {
  expect(await judge({ accepted: 10, quarantined: 90 }, { 'telemetry-schema-rejections': { enabled: false } })).toEqual([]);
});
