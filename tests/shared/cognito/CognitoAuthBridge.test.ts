import { gzipSync } from 'node:zlib';
import { CognitoAuthDetailSchema, CloudTrailRecordSchema } from '../../../events/schemas';
import { CognitoAuthBridge, CognitoPublishError, readLogEvent, type BridgedAuthEvent } from '../../../shared/cognito';
import type { QuarantineEntry, QuarantineStore } from '../../../shared/quarantine';
import { awslogsEvent, capturedPayload, recordOf, withMessages } from '../../helpers/logSubscription';

/** The bridge's decisions, with the quarantine, the counter and the bus replaced by recorders. */
function harness(publish: (event: BridgedAuthEvent) => Promise<unknown> = async () => undefined) {
  const quarantined: QuarantineEntry[] = [];
  const counts: Record<string, number> = {};
  const published: BridgedAuthEvent[] = [];
  const quarantine = {
    put: async (entry: QuarantineEntry) => {
      quarantined.push(entry);
      return `q-${quarantined.length}`;
    },
  } as unknown as QuarantineStore;
  const bridge = new CognitoAuthBridge({
    ingest: { component: 'cognito-auth-bridge', quarantine, counter: { count: (name, n = 1) => (counts[name] = (counts[name] ?? 0) + n) } },
    publisher: {
      publish: async (event) => {
        await publish(event);
        published.push(event);
      },
    },
  });
  return { bridge, quarantined, counts, published };
}

const dataOf = (payload: unknown) => awslogsEvent(payload).awslogs.data;
const PLACE = { owner: '111122223333', logGroup: '/g', logStream: 's', logEventId: '1', timestamp: Date.UTC(2026, 10, 20, 12) };

test('a DATA_MESSAGE: every record published as a CloudTrail-compatible auth event, counted', async () => {
  const { bridge, published, counts, quarantined } = harness();
  const payload = withMessages('cognito-sign-in-low-risk', [recordOf('cognito-sign-in-low-risk'), recordOf('cognito-sign-in-high-risk')]);

  const outcome = await bridge.handle(dataOf(payload));

  expect(outcome).toEqual({ messageType: 'DATA_MESSAGE', logEvents: 2, published: 2, quarantined: 0, quarantineIds: [] });
  expect(quarantined).toEqual([]);
  expect(counts).toEqual({ EventsAccepted: 2, AuthEventsPublished: 2 });
  expect(published.map((e) => [e.detail.eventName, e.detail.additionalEventData.riskLevel, e.detail.eventTime])).toEqual([
    ['SignIn', 'Low', '2026-11-20T10:04:13.482Z'],
    ['SignIn', 'High', '2026-11-20T10:21:24.617Z'],
  ]);
  for (const event of published) {
    expect(CognitoAuthDetailSchema.safeParse(event.detail).success).toBe(true);
    // What the detection engine and the finding store read: a CloudTrail record.
    expect(CloudTrailRecordSchema.safeParse(event.detail).success).toBe(true);
    expect(event.resources).toEqual(['arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR']);
    expect(JSON.stringify(event)).not.toMatch(/example\.com|userName/);
  }
});

test('the bridged record of each capture is the one in tests/events/cognito-auth (the detection tests build on those)', async () => {
  for (const variant of ['sign-in-low-risk', 'sign-in-high-risk', 'sign-in-compromised-credentials']) {
    const { bridge, published } = harness();
    await bridge.handle(dataOf(capturedPayload(`cognito-${variant}`)));
    const captured = (await import(`../../events/cognito-auth/${variant}.json`)) as { detail: unknown; resources: unknown };
    expect([variant, published[0]!.detail, published[0]!.resources]).toEqual([variant, captured.detail, captured.resources]);
  }
});

test('a CONTROL_MESSAGE is acknowledged and ignored', async () => {
  const { bridge, published, counts, quarantined } = harness();
  const outcome = await bridge.handle(dataOf(capturedPayload('control-message')));
  expect(outcome).toEqual({ messageType: 'CONTROL_MESSAGE', logEvents: 1, published: 0, quarantined: 0, quarantineIds: [] });
  expect([published, quarantined, counts]).toEqual([[], [], { ControlMessagesAcknowledged: 1 }]);
});

test.each([
  ['not base64', 'not base64!', /^awslogs\.data is not base64$/],
  ['not gzip', Buffer.from('{"a":1}').toString('base64'), /^awslogs\.data is not gzip/],
  ['not JSON', gzipSync('not json {').toString('base64'), /^awslogs\.data is not JSON once inflated/],
  ['not a payload', dataOf({ messageType: 'DATA_MESSAGE' }), /^awslogs\.data is not a CloudWatch Logs subscription payload: owner: /],
])('an unreadable payload (%s) is quarantined whole, with its reason, and never throws', async (_what, data, reason) => {
  const { bridge, published, counts, quarantined } = harness();
  const outcome = await bridge.handle(data);
  expect(outcome).toEqual({ messageType: 'UNREADABLE', logEvents: 0, published: 0, quarantined: 1, quarantineIds: ['q-1'] });
  expect(quarantined).toEqual([
    {
      component: 'cognito-auth-bridge',
      reason: expect.stringMatching(reason),
      payload: data,
      detailType: 'CloudWatch Logs subscription payload',
    },
  ]);
  expect(counts).toEqual({ PayloadsQuarantined: 1, EventsQuarantined: 1 });
  expect(published).toEqual([]);
});

test('a bad log event is quarantined with its index, id and reason; the good ones around it are published', async () => {
  const { bridge, published, counts, quarantined } = harness();
  const wrongRisk = recordOf('cognito-sign-in-high-risk');
  (wrongRisk.message.eventRisk as Record<string, unknown>).compromisedCredentialsDetected = 'maybe';
  const notification = { ...recordOf('cognito-sign-in-low-risk'), eventSource: 'USER_NOTIFICATION' };
  const noPool = recordOf('cognito-sign-in-low-risk');
  delete noPool.logSourceId;
  delete noPool.message.userPoolId;
  const payload = withMessages('cognito-sign-in-low-risk', [
    '{"truncated": ',
    wrongRisk,
    recordOf('cognito-sign-in-low-risk'),
    notification,
    noPool,
    'START RequestId: 8e1f Version: $LATEST',
  ]);

  const outcome = await bridge.handle(dataOf(payload));

  expect(outcome).toMatchObject({ logEvents: 6, published: 1, quarantined: 5 });
  expect(published.map((e) => e.detail.eventID)).toEqual(['c5e1f0a2-7d3b-4e69-9a14-3b8d6f2e0c71']);
  expect(quarantined.map((q) => q.reason)).toEqual([
    expect.stringMatching(/^logEvents\.0: invalid JSON: /),
    'logEvents.1: not a userAuthEvents record: message.eventRisk.compromisedCredentialsDetected: Invalid input',
    'logEvents.3: not a userAuthEvents record: eventSource: expected USER_AUTH_EVENTS (a userAuthEvents export record)',
    'logEvents.4: not a userAuthEvents record: logSourceId.userPoolId: no user pool id (logSourceId or message)',
    expect.stringMatching(/^logEvents\.5: invalid JSON: /),
  ]);
  const ids = (payload.logEvents as Array<{ id: string; message: string }>).map((e) => e.id);
  expect(quarantined.map((q) => q.eventId)).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5]]);
  expect(quarantined[1]).toMatchObject({ source: '/aws/vendedlogs/cognito/user-auth-events', detailType: 'CloudWatch Logs log event' });
  // The sealed payload is the record as received; the reason quotes none of it.
  expect(quarantined[1]!.payload).toContain('jonas.berg@example.com');
  for (const q of quarantined) expect(q.reason).not.toMatch(/example\.com|maybe|truncated|RequestId/);
  expect(counts).toEqual({ EventsAccepted: 1, EventsQuarantined: 5, AuthEventsPublished: 1 });
});

test('a publication that fails fails the invocation, once every event was tried (Lambda retries the payload)', async () => {
  const { bridge, published } = harness(async (event) => {
    if (event.detail.additionalEventData.riskLevel === 'High') throw new Error('ThrottlingException: Rate exceeded');
  });
  const payload = withMessages('cognito-sign-in-low-risk', [recordOf('cognito-sign-in-high-risk'), recordOf('cognito-sign-in-low-risk')]);
  const handled = bridge.handle(dataOf(payload));
  await expect(handled).rejects.toThrow(CognitoPublishError);
  await expect(handled).rejects.toThrow('1 of 2 auth event(s) not published (Error: ThrottlingException: Rate exceeded)');
  expect(published.map((e) => e.detail.additionalEventData.riskLevel)).toEqual(['Low']);
});

describe('readLogEvent: what a record means, whatever its spelling', () => {
  const read = (record: unknown) => {
    const reading = readLogEvent(typeof record === 'string' ? record : JSON.stringify(record), PLACE);
    if (!reading.ok) throw new Error(reading.reason);
    return reading.event.detail;
  };

  test('enumerations in any case read as documented; the singular compromised flag and a string flag count', () => {
    const record = recordOf('cognito-sign-in-high-risk');
    record.message.eventType = 'SIGNIN';
    record.message.eventResponse = 'fail';
    record.message.eventRisk = { riskLevel: 'HIGH', riskDecision: 'accounttakeover', compromisedCredentialDetected: 'TRUE' };
    expect(read(record)).toMatchObject({
      eventName: 'SignIn',
      additionalEventData: {
        eventResponse: 'Fail',
        riskLevel: 'High',
        riskDecision: 'AccountTakeover',
        compromisedCredentialsDetected: true,
      },
    });
  });

  test('a message exported as JSON text reads like an object; the pool may come from the message alone', () => {
    const record = recordOf('cognito-sign-in-low-risk');
    delete record.logSourceId;
    const detail = read({ ...record, message: JSON.stringify(record.message) });
    expect(detail).toMatchObject({ awsRegion: 'eu-west-1', additionalEventData: { userPoolId: 'eu-west-1_Vq3Lm8TzR' } });
  });

  test('without a risk, a time or a sub: no risk, the log event time, no principal', () => {
    const record = recordOf('cognito-sign-in-low-risk');
    delete record.eventTimestamp;
    delete record.message.eventTimestamp;
    delete record.message.eventRisk;
    delete record.message.userSub;
    const detail = read(record);
    expect(detail.eventTime).toBe('2026-11-20T12:00:00.000Z');
    expect(detail.userIdentity).toEqual({ type: 'CognitoUserPoolUser', accountId: '111122223333' });
    expect(detail.additionalEventData).not.toHaveProperty('riskLevel');
    expect(detail.additionalEventData.compromisedCredentialsDetected).toBe(false);
  });

  test('a pool in another partition gets its partition in the ARN', () => {
    const record = recordOf('cognito-sign-in-low-risk');
    record.logSourceId = { userPoolId: 'cn-north-1_Ab12Cd34E' };
    const reading = readLogEvent(JSON.stringify(record), PLACE);
    expect(reading.ok && reading.event.resources).toEqual(['arn:aws-cn:cognito-idp:cn-north-1:111122223333:userpool/cn-north-1_Ab12Cd34E']);
  });
});
