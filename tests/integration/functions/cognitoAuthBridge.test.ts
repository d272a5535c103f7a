import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../../infra/local';
import { EmbeddedRuntime } from '../../../infra/local/runtime/EmbeddedRuntime';
import { DEFAULT_USER_AUTH_EVENTS_LOG_GROUP } from '../../../shared/cognito';
import type { Finding } from '../../../shared/findings';
import { capturedPayload, recordOf, withMessages } from '../../helpers/logSubscription';

/**
 * functions/cognito-auth-bridge on the embedded runtime, as serverless.yml deploys it: subscribed to the
 * userAuthEvents log group (the runtime's log-subscription adapter hands it the gzipped payload), its
 * events on the Vigil bus, the security detector reading them from its cognito-auth-events buffer.
 */
let runtime: EmbeddedRuntime;
const high = capturedPayload('cognito-sign-in-high-risk');
const low = capturedPayload('cognito-sign-in-low-risk');
const USER_NAMES = ['jonas.berg@example.com', 'amira.haddad@example.com'];
const logEventsOf = (payload: ReturnType<typeof capturedPayload>) =>
  payload.logEvents.map((e) => ({ timestamp: e.timestamp, message: e.message }));

async function findings(): Promise<Finding[]> {
  const all: Finding[] = [];
  for await (const f of runtime.findings()) all.push(f);
  return all;
}

const bridgeRows = async () => (await runtime.quarantined()).filter((r) => r.component === 'cognito-auth-bridge');

beforeAll(async () => {
  runtime = await EmbeddedRuntime.start();
}, 60_000);

afterAll(() => runtime.close());

test('the bridge subscribes to the stage parameter’s log group, its local default', () => {
  expect(runtime.subscribedLogGroups).toEqual([DEFAULT_USER_AUTH_EVENTS_LOG_GROUP]);
  expect(high.logGroup).toBe(DEFAULT_USER_AUTH_EVENTS_LOG_GROUP);
});

test('a userAuthEvents batch reaches the detector through the bus: the high-risk sign-in is a finding, the low-risk one none', async () => {
  const targets = runtime.putLogEvents(
    high.logGroup as string,
    [...logEventsOf(low), ...logEventsOf(high)],
    'eu-west-1_Vq3Lm8TzR',
    '111122223333',
  );
  expect(targets).toBe(1);
  await runtime.drain();

  const raised = await findings();
  expect(raised.map((f) => [f.detection, f.subject, f.severity, f.count])).toEqual([
    ['cognito-high-risk-auth', 'eu-west-1_Vq3Lm8TzR:f838a16f-0743-4a83-900d-1d3d7e9b7a99', 'high', 1],
  ]);
  expect(raised[0]).toMatchObject({
    source: 'vigil.cognito',
    account: '111122223333',
    region: 'eu-west-1',
    firstSeen: '2026-11-20T10:21:24.617Z',
    mitre: ['T1078'],
    resources: ['arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR'],
    evidence: {
      riskLevel: 'High',
      riskDecision: 'AccountTakeover',
      eventResponse: 'Fail',
      compromisedCredentialsDetected: false,
      sourceIPAddress: '198.51.100.91',
      clientId: '6f1q2r8d3kvb0hj5s7tmn4pwla',
    },
  });
  expect(runtime.stats.invocations.cognitoAuthBridge).toBe(1);
  expect(runtime.stats.failedInvocations).toEqual([]);
  expect(runtime.stats.deadLetters).toEqual([]);
  // The user name is Restricted: it does not leave the bridge.
  for (const name of USER_NAMES) expect(JSON.stringify(raised)).not.toContain(name);
});

test('the same payload delivered again publishes nothing twice: the finding keeps its count and its one event', async () => {
  const before = (await findings())[0]!;
  runtime.putLogEvents(high.logGroup as string, logEventsOf(high), 'eu-west-1_Vq3Lm8TzR', '111122223333');
  await runtime.drain();
  const after = await findings();
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ id: before.id, count: 1, eventIds: before.eventIds });
  expect(runtime.stats.invocations.cognitoAuthBridge).toBe(2);
});

test('a CONTROL_MESSAGE is acknowledged: nothing published, nothing quarantined, no failure', async () => {
  const invocations = { ...runtime.stats.invocations };
  expect(runtime.putControlMessage()).toBe(1);
  await runtime.drain();
  expect(runtime.stats.invocations.cognitoAuthBridge).toBe((invocations.cognitoAuthBridge ?? 0) + 1);
  expect(runtime.stats.invocations.securityDetector).toBe(invocations.securityDetector);
  expect(await bridgeRows()).toEqual([]);
  expect(runtime.stats.failedInvocations).toEqual([]);
});

test('a log event that is not a userAuthEvents record is quarantined with its reason, sealed; its neighbours go on', async () => {
  const broken = recordOf('cognito-sign-in-high-risk');
  delete broken.message.eventId;
  const fine = recordOf('cognito-sign-in-low-risk');
  fine.message.eventId = '1a2b3c4d-0000-4000-8000-00000000f1e0';
  const payload = withMessages('cognito-sign-in-low-risk', ['Task timed out after 3.00 seconds', broken, fine]);
  const events = (payload.logEvents as Array<{ timestamp: number; message: string }>).map(({ timestamp, message }) => ({
    timestamp,
    message,
  }));
  runtime.putLogEvents(DEFAULT_USER_AUTH_EVENTS_LOG_GROUP, events, 'eu-west-1_Vq3Lm8TzR', '111122223333');
  await runtime.drain();

  const rows = await bridgeRows();
  expect(rows.map((r) => r.reason).sort()).toEqual([
    expect.stringMatching(/^logEvents\.0: invalid JSON: /),
    'logEvents.1: not a userAuthEvents record: message.eventId: Invalid input: expected string, received undefined',
  ]);
  expect(rows.every((r) => r.source === DEFAULT_USER_AUTH_EVENTS_LOG_GROUP && r.detailType === 'CloudWatch Logs log event')).toBe(true);
  expect(runtime.stats.failedInvocations).toEqual([]);
  // The third, valid, was published: the detector read it (low risk, no finding).
  expect((await findings()).map((f) => f.detection)).toEqual(['cognito-high-risk-auth']);

  const aws = runtime.localAws;
  const ddb = new DynamoDBClient(localClientConfig(aws.endpoints.dynamodb, aws.region));
  const scan = await ddb.send(new ScanCommand({ TableName: aws.tables.Quarantine }));
  ddb.destroy();
  for (const name of USER_NAMES) expect(JSON.stringify(scan.Items)).not.toContain(name);
});

test('an unreadable payload is quarantined whole, and an event that is no subscription payload at all by the wiring', async () => {
  runtime.invokeAsync('cognitoAuthBridge', { awslogs: { data: Buffer.from('plain text, not gzip').toString('base64') } });
  runtime.invokeAsync('cognitoAuthBridge', { awslogs: { data: 'not base64 at all!' } });
  runtime.invokeAsync('cognitoAuthBridge', { Records: [] });
  await runtime.drain();
  const reasons = (await bridgeRows()).map((r) => [r.detailType ?? null, r.reason]);
  expect(reasons).toEqual(
    expect.arrayContaining([
      ['CloudWatch Logs subscription payload', expect.stringMatching(/^awslogs\.data is not gzip \(/)],
      ['CloudWatch Logs subscription payload', 'awslogs.data is not base64'],
      [null, 'awslogs: Invalid input: expected object, received undefined'],
    ]),
  );
  expect(runtime.stats.failedInvocations).toEqual([]);
});
