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
  wrongRisk.message.compromisedCredentialDetected = 'maybe';
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
    'logEvents.1: not a userAuthEvents record: message.compromisedCredentialDetected: Invalid input',
    'logEvents.3: not a userAuthEvents record: eventSource: expected USER_ACTIVITY (a userAuthEvents export record)',
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
  type Record = ReturnType<typeof recordOf>;
  /** The record in the user pools API's nested shape (AuthEventType): what the flat documented fields say, nested. */
  const nested = (record: Record): Record => {
    const { riskLevel, riskDecision, compromisedCredentialDetected, challenges, ipAddress, city, country, deviceName, ...rest } =
      record.message;
    const { eventFeedbackValue, eventFeedbackDate, eventFeedbackProvider, ...others } = rest;
    return {
      ...record,
      message: {
        ...others,
        eventRisk: { riskLevel, riskDecision, compromisedCredentialsDetected: compromisedCredentialDetected === 'true' },
        challengeResponses: challenges,
        eventContextData: { ipAddress, city, country, deviceName },
        eventFeedback: { feedbackValue: eventFeedbackValue, provider: eventFeedbackProvider, feedbackDate: eventFeedbackDate },
      },
    };
  };

  test('the captures are in the documented flat form (no nested eventRisk, eventContextData, challengeResponses)', () => {
    for (const variant of ['cognito-sign-in-low-risk', 'cognito-sign-in-high-risk', 'cognito-sign-in-compromised-credentials']) {
      const record = recordOf(variant);
      expect([variant, record.eventSource, typeof record.message.riskLevel, typeof record.message.compromisedCredentialDetected]).toEqual([
        variant,
        'USER_ACTIVITY',
        'string',
        'string',
      ]);
      expect(
        Object.keys(record.message).filter((key) => /^(eventRisk|eventContextData|challengeResponses|eventFeedback)$/.test(key)),
      ).toEqual([]);
    }
  });

  test('eventSource USER_ACTIVITY (documented) and USER_AUTH_EVENTS are read, in any case; another source is not', () => {
    for (const eventSource of ['USER_ACTIVITY', 'user_activity', 'USER_AUTH_EVENTS', 'User_Auth_Events', null]) {
      const reading = readLogEvent(JSON.stringify({ ...recordOf('cognito-sign-in-high-risk'), eventSource }), PLACE);
      expect([eventSource, reading.ok]).toEqual([eventSource, true]);
    }
    const notification = readLogEvent(
      JSON.stringify({ ...recordOf('cognito-sign-in-high-risk'), eventSource: 'USER_NOTIFICATION' }),
      PLACE,
    );
    expect(notification).toEqual({
      ok: false,
      reason: 'not a userAuthEvents record: eventSource: expected USER_ACTIVITY (a userAuthEvents export record)',
    });
  });

  test('the documented fields land in the bridged record; the user name and the Java-style creationDate do not', () => {
    const detail = read(recordOf('cognito-sign-in-high-risk'));
    expect(detail).toMatchObject({
      eventTime: '2026-11-20T10:21:24.617Z',
      eventID: '9b27d4e8-1f6c-4a35-8e02-d5c7a9b31f46',
      requestID: '2a9f6d13-8c4e-4b70-a5d2-6e1b3f8c9d47',
      sourceIPAddress: '198.51.100.91',
      additionalEventData: {
        riskLevel: 'High',
        riskDecision: 'AccountTakeover',
        compromisedCredentialsDetected: false,
        challenges: ['Password:Failure'],
        hasContextData: true,
        city: 'Ashburn',
        country: 'United States',
        deviceName: 'Unknown, Linux',
      },
    });
    // "" until feedback is given, "" for a local user: absent, not an empty value.
    expect(detail.additionalEventData).not.toHaveProperty('feedback');
    expect(detail.additionalEventData).not.toHaveProperty('idpName');
    expect(JSON.stringify(detail)).not.toMatch(/jonas\.berg|userName|creationDate|Fri Nov/);
  });

  test('the time is eventTimestamp, whatever creationDate says (Java-style text, not read)', () => {
    const record = recordOf('cognito-sign-in-high-risk');
    record.message.creationDate = 'Wed Jul 17 17:25:55 UTC 2024';
    expect(read(record).eventTime).toBe('2026-11-20T10:21:24.617Z');
    record.message.creationDate = 'not a date at all';
    expect(read(record).eventTime).toBe('2026-11-20T10:21:24.617Z');
  });

  test('enumerations and string booleans in any case read as documented; the plural compromised flag counts', () => {
    const record = recordOf('cognito-sign-in-high-risk');
    Object.assign(record.message, {
      eventType: 'SIGNIN',
      eventResponse: 'fail',
      riskLevel: 'HIGH',
      riskDecision: 'accounttakeover',
      compromisedCredentialDetected: 'TRUE',
      hasContextData: 'False',
    });
    expect(read(record)).toMatchObject({
      eventName: 'SignIn',
      additionalEventData: {
        eventResponse: 'Fail',
        riskLevel: 'High',
        riskDecision: 'AccountTakeover',
        compromisedCredentialsDetected: true,
        hasContextData: false,
      },
    });
    delete record.message.compromisedCredentialDetected;
    record.message.compromisedCredentialsDetected = true;
    expect(read(record).additionalEventData.compromisedCredentialsDetected).toBe(true);
  });

  test.each([
    ['PASS', 'NoRisk'],
    ['NoRisk', 'NoRisk'],
    ['ACCOUNT_TAKEOVER', 'AccountTakeover'],
    ['BLOCK', 'Block'],
    ['SomethingNew', 'SomethingNew'],
  ])('riskDecision %s reads as %s (the API vocabulary; the export sample writes PASS)', (given, read_) => {
    const record = recordOf('cognito-sign-in-low-risk');
    record.message.riskDecision = given;
    expect(read(record).additionalEventData.riskDecision).toBe(read_);
  });

  test('riskLevel "" is "not evaluated": no risk level at all', () => {
    const record = recordOf('cognito-sign-in-high-risk');
    record.message.riskLevel = '';
    record.message.riskDecision = '';
    const verdict = read(record).additionalEventData;
    expect(verdict).not.toHaveProperty('riskLevel');
    expect(verdict).not.toHaveProperty('riskDecision');
  });

  test('a null field reads as an absent one ("fields may be null"), at the top and in the message', () => {
    const nullable = [
      'version',
      'eventResponse',
      'userSub',
      'userName',
      'clientId',
      'creationDate',
      'riskLevel',
      'riskDecision',
      'compromisedCredentialDetected',
      'challenges',
      'ipAddress',
      'city',
      'country',
      'deviceName',
      'requestId',
      'idpName',
      'eventFeedbackValue',
      'eventFeedbackDate',
      'eventFeedbackProvider',
      'hasContextData',
    ];
    const withNulls = recordOf('cognito-sign-in-high-risk');
    const without = recordOf('cognito-sign-in-high-risk');
    withNulls.logLevel = null;
    delete without.logLevel;
    for (const key of nullable) {
      withNulls.message[key] = null;
      delete without.message[key];
    }
    const detail = read(withNulls);
    expect(detail).toEqual(read(without));
    expect(detail.additionalEventData).toEqual({
      userPoolId: 'eu-west-1_Vq3Lm8TzR',
      compromisedCredentialsDetected: false,
      challenges: [],
      logGroup: '/g',
      logStream: 's',
      logEventId: '1',
    });
    // The pool from the message when logSourceId is null; the event id stays required.
    expect(read({ ...withNulls, logSourceId: null }).awsRegion).toBe('eu-west-1');
    const noId = readLogEvent(JSON.stringify({ ...withNulls, message: { ...withNulls.message, eventId: null } }), PLACE);
    expect(noId).toEqual({
      ok: false,
      reason: 'not a userAuthEvents record: message.eventId: Invalid input: expected string, received null',
    });
  });

  test('fallback: the nested AuthEventType shape (eventRisk, eventContextData, challengeResponses) reads the same', () => {
    for (const variant of ['cognito-sign-in-low-risk', 'cognito-sign-in-high-risk', 'cognito-sign-in-compromised-credentials']) {
      const flat = recordOf(variant);
      const shaped = nested(flat);
      expect(shaped.message).toHaveProperty('eventRisk');
      expect(shaped.message).not.toHaveProperty('riskLevel');
      expect([variant, read(shaped)]).toEqual([variant, read(flat)]);
    }
    // Its time zone, which the flat record does not have, is carried over.
    const shaped = nested(recordOf('cognito-sign-in-high-risk'));
    (shaped.message.eventContextData as { timezone?: string }).timezone = '+00:00';
    expect(read(shaped).additionalEventData.timezone).toBe('+00:00');
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
    for (const key of ['riskLevel', 'riskDecision', 'compromisedCredentialDetected', 'userSub']) delete record.message[key];
    const detail = read(record);
    expect(detail.eventTime).toBe('2026-11-20T12:00:00.000Z');
    expect(detail.userIdentity).toEqual({ type: 'CognitoUserPoolUser', accountId: '111122223333' });
    expect(detail.additionalEventData).not.toHaveProperty('riskLevel');
    expect(detail.additionalEventData.compromisedCredentialsDetected).toBe(false);
  });

  test('a challenge without its response is named alone', () => {
    const record = recordOf('cognito-sign-in-low-risk');
    record.message.challenges = [
      { challengeName: 'Password', challengeResponse: 'Success' },
      { challengeName: 'Mfa', challengeResponse: null },
    ];
    expect(read(record).additionalEventData.challenges).toEqual(['Password:Success', 'Mfa']);
  });

  test('a pool in another partition gets its partition in the ARN', () => {
    const record = recordOf('cognito-sign-in-low-risk');
    record.logSourceId = { userPoolId: 'cn-north-1_Ab12Cd34E' };
    const reading = readLogEvent(JSON.stringify(record), PLACE);
    expect(reading.ok && reading.event.resources).toEqual(['arn:aws-cn:cognito-idp:cn-north-1:111122223333:userpool/cn-north-1_Ab12Cd34E']);
  });
});
