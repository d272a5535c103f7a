import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventBridge, type EmbeddedEventBridge, type PutEventsEntryAccepted } from '../../../../infra/local';
import { publishCaptureToBus } from '../../../../infra/local/toBus/publishCaptureToBus';
import { cognitoAuthEvent } from '../../../helpers/capturedEvent';
import { awslogsEvent, capturedPayload, recordOf, withMessages } from '../../../helpers/logSubscription';

/** `vigil replay --to-bus`: PutEvents within the limits, transient failures retried, the rest reported by code. */
const dir = mkdtempSync(join(tmpdir(), 'vigil-tobus-'));
const received: PutEventsEntryAccepted[] = [];
let bus: EmbeddedEventBridge;
let throttleEvery = 0;
let calls = 0;

const event = (i: number, source = 'vigil.app') => ({
  version: '0',
  id: `e-${i}`,
  'detail-type': 'App Telemetry Batch',
  source,
  account: '111122223333',
  time: '2026-11-20T09:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { i },
});

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  bus = await startEventBridge({
    buses: ['vigil-prod'],
    onEvents: (entries) => {
      received.push(...entries);
    },
    failNext: () =>
      throttleEvery > 0 && ++calls % throttleEvery === 0 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : undefined,
  });
});

afterAll(async () => {
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
});

test('publishes a capture of 37 events in requests of at most 10, retrying throttled entries', async () => {
  throttleEvery = 4;
  const file = join(dir, 'capture.jsonl');
  writeFileSync(file, `${Array.from({ length: 37 }, (_, i) => JSON.stringify(event(i))).join('\n')}\nnot json\n`);
  const outcome = await publishCaptureToBus({ inputs: [file], busName: 'vigil-prod', region: 'eu-west-1', endpoint: bus.endpoint });
  expect(outcome).toMatchObject({ read: 38, quarantined: 1, published: 37, failed: 0 });
  expect(outcome.requests).toBeGreaterThan(4);
  expect(received.map((e) => (e.detail as { i: number }).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i));
  expect(received.every((e) => e.eventBusName === 'vigil-prod' && e.source === 'vigil.app' && e.time === '2026-11-20T09:00:00Z')).toBe(
    true,
  );
});

test('entries the bus cannot take are counted by error code, and their neighbours still go', async () => {
  throttleEvery = 0;
  received.length = 0;
  const file = join(dir, 'bad.jsonl');
  const oversized = { ...event(2), detail: { blob: 'x'.repeat(300 * 1024) } };
  writeFileSync(file, [JSON.stringify(event(1)), JSON.stringify(oversized), JSON.stringify(event(3))].join('\n'));
  const outcome = await publishCaptureToBus({ inputs: [file], busName: 'vigil-prod', region: 'eu-west-1', endpoint: bus.endpoint });
  expect(outcome).toMatchObject({ read: 3, published: 2, failed: 1, failures: { EntryTooLarge: 1 } });
  expect(received.map((e) => (e.detail as { i: number }).i)).toEqual([1, 3]);
});

test('a userAuthEvents payload goes as the auth events the Cognito bridge would publish; a bad record is counted', async () => {
  throttleEvery = 0;
  received.length = 0;
  const broken = recordOf('cognito-sign-in-low-risk');
  delete broken.message.eventId;
  const mixed = withMessages('cognito-sign-in-high-risk', [recordOf('cognito-sign-in-high-risk'), broken]);
  const file = join(dir, 'user-auth-events.jsonl');
  writeFileSync(file, [JSON.stringify(awslogsEvent(mixed)), JSON.stringify(capturedPayload('control-message'))].join('\n'));
  const outcome = await publishCaptureToBus({ inputs: [file], busName: 'vigil-prod', region: 'eu-west-1', endpoint: bus.endpoint });
  expect(outcome).toMatchObject({ read: 3, quarantined: 1, published: 1, failed: 0 });
  expect(received.map((e) => [e.source, e['detail-type'], e.time, e.resources])).toEqual([
    [
      'vigil.cognito',
      'Cognito Threat Protection Auth Event',
      '2026-11-20T10:21:24Z',
      ['arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR'],
    ],
  ]);
  const logEventId = (mixed.logEvents as Array<{ id: string }>)[0]!.id;
  expect(received[0]!.detail).toEqual(cognitoAuthEvent('sign-in-high-risk', { detail: { additionalEventData: { logEventId } } }).detail);
});
