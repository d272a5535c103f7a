import type { Context, SQSEvent } from 'aws-lambda';
import { localEndpointEnv } from '../../../infra/local';
import { EmbeddedRuntime } from '../../../infra/local/runtime/EmbeddedRuntime';
import { lambdaContext } from '../../../infra/local/runtime/lambdaContext';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';

/**
 * The security detector's handler, loaded as Lambda loads it (its own environment, metrics on), over
 * the embedded runtime's DynamoDB, KMS and EventBridge: what it prints as EMF for one SQS batch.
 */
let runtime: EmbeddedRuntime;
let handler: (event: SQSEvent, context: Context) => Promise<unknown>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  runtime = await EmbeddedRuntime.start();
  const aws = runtime.localAws;
  Object.assign(process.env, {
    ...localEndpointEnv(aws.endpoints, aws.region),
    STAGE: runtime.config.stage,
    EVENT_BUS_NAME: runtime.busName,
    IDEMPOTENCY_TABLE: aws.tables.Idempotency,
    QUARANTINE_TABLE: aws.tables.Quarantine,
    FIELD_KEY_ID: aws.fieldKeyId,
    FINDINGS_TABLE: aws.tables.Findings,
    STATE_TABLE: aws.tables.DetectionState,
    DETECTION_OVERRIDES: '{}',
    POWERTOOLS_SERVICE_NAME: 'security-detector',
    POWERTOOLS_METRICS_NAMESPACE: 'Vigil',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  jest.isolateModules(() => {
    ({ handler } = require('../../../functions/security-detector/handler') as { handler: typeof handler });
  });
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await runtime.close();
});

const sqs = (events: readonly unknown[]): SQSEvent =>
  ({
    Records: events.map((event, i) => ({
      messageId: `m${i}`,
      body: JSON.stringify(event),
      attributes: {},
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:vigil-local-security-events',
    })),
  }) as unknown as SQSEvent;

type Blob = Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> } };

async function emfOf(events: readonly unknown[]): Promise<Blob[]> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await handler(sqs(events), lambdaContext('vigil-local-security-detector', 'eu-west-1', '111122223333'));
  } finally {
    log.mockRestore();
  }
  return lines.filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Blob);
}

test('one batch: sign-ins and their MFA share, root activity, tamper events, findings per detection and severity', async () => {
  const blobs = await emfOf([
    cloudTrailCaptured('console-login-iam-user-mfa'),
    cloudTrailCaptured('console-login-iam-user-no-mfa'),
    cloudTrailCaptured('console-login-root-success'),
    cloudTrailCaptured('console-login-failure'),
    cloudTrailCaptured('stop-logging'),
    cloudTrailCaptured('delete-trail-access-denied'),
    cloudTrailCaptured('get-caller-identity'),
  ]);
  const main = blobs.find((b) => 'ConsoleLogins' in b);
  expect(main).toMatchObject({
    service: 'security-detector',
    stage: 'local',
    ConsoleLogins: 3,
    ConsoleLoginsWithMfa: 1,
    RootActivity: 1,
    LoggingTamperEvents: 2,
  });
  expect(main).not.toHaveProperty('ConsoleLoginsFederated');
  const perDetection = Object.fromEntries(
    blobs.filter((b) => typeof b.detection === 'string').map((b) => [`${b.detection}/${b.severity}`, b.FindingsOpened]),
  );
  expect(perDetection).toEqual({
    'console-login-without-mfa/high': 2,
    'root-console-login/high': 1,
    'root-account-usage/high': 1,
    'cloudtrail-stopped-or-deleted/critical': 1,
    'cloudtrail-tamper-attempt/medium': 1,
  });
  expect(main!.FindingsOpened).toBe(6);
  // Only low-cardinality dimensions, whatever the blob.
  const dimensions = new Set(blobs.flatMap((b) => b._aws.CloudWatchMetrics.flatMap((m) => m.Dimensions.flat())));
  expect([...dimensions].sort()).toEqual(['detection', 'service', 'severity', 'stage']);
}, 60_000);

test('a redelivered batch counts its events again (at least once) but opens nothing twice', async () => {
  const again = await emfOf([cloudTrailCaptured('stop-logging'), cloudTrailCaptured('console-login-iam-user-mfa')]);
  const main = again.find((b) => 'ConsoleLogins' in b);
  expect(main).toMatchObject({ ConsoleLogins: 1, ConsoleLoginsWithMfa: 1 });
  // The StopLogging was processed before (idempotency on the event id): no occurrence, no finding.
  expect(main).not.toHaveProperty('LoggingTamperEvents');
  expect(main).not.toHaveProperty('FindingsOpened');
}, 60_000);
