import { KMSClient } from '@aws-sdk/client-kms';
import type { AppTelemetryEnvelope } from '../events/schemas';
import { localClientConfig, startKms } from '../infra/local';
import { FieldEncryptor } from '../shared/crypto';
import type { QuarantineStore } from '../shared/quarantine';
import { TelemetryIngest } from '../shared/telemetry';
import { KmsPseudonymizer } from '../shared/telemetry/privacy';
import { InMemoryTelemetryEventStore, TelemetryArchive } from '../shared/telemetry/store';
import { type Figure, ratioAsync } from './harness';
import batchIos from '../tests/events/app-telemetry/batch-ios.json';

/*
 * Telemetry storage (issue 7, item 12): KMS calls per 10,000 stored records (data keys and pseudonym
 * MACs, 100 distinct users), and ingest plus storage per event (spec check, classification, pseudonym,
 * seal of the Restricted values; the in-memory store, so DynamoDB's round trip is not measured) relative
 * to JSON.parse of the batch per event. Runs alone: `npx tsx bench/telemetryStorage.ts`.
 */
const RECORDS = 10_000;
const USERS = 100;

export async function telemetryStorageFigures(): Promise<Figure[]> {
  const kms = await startKms({ keys: ['alias/vigil-bench-fields', { alias: 'alias/vigil-bench-pseudonym', keySpec: 'HMAC_256' }] });
  const client = new KMSClient(localClientConfig(kms.endpoint));
  const calls: Record<string, number> = {};
  const send = client.send.bind(client);
  client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.send;
  try {
    const archiveFor = () =>
      new TelemetryArchive({
        store: new InMemoryTelemetryEventStore(),
        table: 'vigil-bench-telemetry-events',
        encryptor: new FieldEncryptor({ kms: client, keyId: 'alias/vigil-bench-fields' }),
        pseudonymizer: new KmsPseudonymizer({ kms: client, keyId: 'alias/vigil-bench-pseudonym' }),
      });
    const quarantine = { put: async () => 'q' } as unknown as QuarantineStore;
    const ingest = new TelemetryIngest({ ingest: { component: 'bench', quarantine, counter: { count: () => 0 } }, action: 'reject' });
    const template = structuredClone(batchIos) as { detail: { schemaVersion: number; events: Array<Record<string, unknown>> } };
    template.detail.schemaVersion = 2;
    const perBatch = template.detail.events.length as number;
    let n = 0;
    const nextBatch = (): string => {
      const batch = structuredClone(template);
      for (const e of batch.detail.events) {
        n += 1;
        e.eventId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        e.userId = `u_BENCH_${n % USERS}`;
      }
      return JSON.stringify(batch);
    };

    // KMS calls per 10,000 records, in one cache period.
    const archive = archiveFor();
    const batches = Math.floor(RECORDS / perBatch);
    for (let b = 0; b < batches; b++) {
      const raw = nextBatch();
      await archive.archive((await ingest.handle(JSON.parse(raw) as AppTelemetryEnvelope, raw)).accepted);
    }
    const counted = { ...calls };
    const records = batches * perBatch;
    const count = (name: string) => counted[name] ?? 0;

    // Ingest and storage per event vs JSON.parse of the batch.
    const texts = Array.from({ length: 50 }, nextBatch);
    let i = 0;
    const timed = archiveFor();
    const ratio = await ratioAsync(
      async () => {
        const raw = texts[i++ % texts.length]!;
        await timed.archive((await ingest.handle(JSON.parse(raw) as AppTelemetryEnvelope, raw)).accepted);
      },
      () => JSON.parse(texts[i++ % texts.length]!),
      300,
    );
    return [
      {
        name: `KMS GenerateDataKey calls for ${records} stored telemetry records (one cache period)`,
        value: count('GenerateDataKeyCommand'),
        unit: 'calls',
        baseline: 'none (a count)',
        target: { op: '<=', value: 1 },
      },
      {
        name: `KMS GenerateMac calls for ${records} stored telemetry records (${USERS} users)`,
        value: count('GenerateMacCommand'),
        unit: 'calls',
        baseline: 'none (a count)',
        target: { op: '<=', value: USERS },
      },
      {
        name: 'telemetry ingest and storage per event (spec check, pseudonym, sealed Restricted values) vs JSON.parse of its batch',
        value: Math.round((ratio / perBatch) * 1000) / 1000,
        unit: 'ratio',
        baseline: `JSON.parse of the same batch (${perBatch} events)`,
        target: { op: '<=', value: 5 },
      },
    ];
  } finally {
    client.destroy();
    await kms.close();
  }
}

if (require.main === module) {
  telemetryStorageFigures()
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
