import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { localClientConfig } from '../../infra/local';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { FieldEncryptor } from '../../shared/crypto';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import { QUARANTINE_SCHEMA_VERSION, QUARANTINE_SEALED_FIELDS } from '../../shared/quarantine';

/** Every function refuses what breaks its contract: quarantined sealed, with a reason, and the run goes on. */
let runtime: EmbeddedRuntime;
const restricted = 'u_RESTRICTED_USER_ID_42';
const envelope = (id: string, source: string, detailType: string, detail: unknown): EventBridgeEvent => ({
  version: '0',
  id,
  'detail-type': detailType,
  source,
  account: '111122223333',
  time: '2026-11-20T09:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
});

beforeAll(async () => {
  runtime = await EmbeddedRuntime.start();
  runtime.deliver(envelope('gd-bad', 'aws.guardduty', 'GuardDuty Finding', { type: 42 }), 'default');
  runtime.deliver(
    envelope('sm-bad', 'aws.sagemaker', 'SageMaker Processing Job State Change', { ProcessingJobStatus: 'Exploded' }),
    'default',
  );
  runtime.deliver(
    envelope('tel-bad', 'vigil.app', 'App Telemetry Batch', { batchId: 'not-a-uuid', events: [{ name: 'x', userId: restricted }] }),
    'vigil',
  );
  await runtime.drain();
}, 60_000);

afterAll(() => runtime.close());

test('each function quarantines the event that fails its schema, with a reason naming the paths', async () => {
  const rows = await runtime.quarantined();
  const byComponent = Object.fromEntries(rows.map((r) => [r.component, r]));
  expect(Object.keys(byComponent).sort()).toEqual(['app-telemetry', 'guardduty-relay', 'model-monitor']);
  expect(byComponent['guardduty-relay']).toMatchObject({ eventId: 'gd-bad', source: 'aws.guardduty' });
  expect(byComponent['model-monitor'].reason).toContain('detail.ProcessingJobStatus');
  expect(byComponent['app-telemetry'].reason).toContain('detail.batchId');
  expect(runtime.stats.deadLetters).toEqual([]);
  expect(runtime.stats.failedInvocations).toEqual([]);
});

test('no Restricted value reaches the quarantine table in plaintext, and the sealed payload opens only with its context', async () => {
  const aws = runtime.localAws;
  const ddb = new DynamoDBClient(localClientConfig(aws.endpoints.dynamodb, aws.region));
  const scan = await ddb.send(new ScanCommand({ TableName: aws.tables.Quarantine }));
  ddb.destroy();
  expect(JSON.stringify(scan.Items)).not.toContain(restricted);
  const item = scan.Items!.find((i) => i.component.S === 'app-telemetry')!;
  expect(item.reason.S).not.toContain(restricted);
  const kms = new KMSClient(localClientConfig(aws.endpoints.kms, aws.region));
  const encryptor = new FieldEncryptor({ kms, keyId: aws.fieldKeyId });
  const opened = await encryptor.open(item.payload.B!, {
    table: aws.tables.Quarantine,
    key: item.id.S!,
    fields: QUARANTINE_SEALED_FIELDS,
    schemaVersion: QUARANTINE_SCHEMA_VERSION,
  });
  kms.destroy();
  expect(JSON.parse(opened.toString('utf8'))).toMatchObject({ id: 'tel-bad' });
  expect(opened.toString('utf8')).toContain(restricted);
});
