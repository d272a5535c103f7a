import {
  DETAIL_TYPE_BY_EVENT_TYPE,
  CloudTrailWrapError,
  cloudTrailEventId,
  uuidV5,
  wrapCloudTrailRecord,
} from '../../../../infra/local/replay';
import { ACCOUNT, apiCallRecord, consoleLoginRecord, dataEventRecord, insightRecord, serviceEventRecord } from './fixtures';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('wrapCloudTrailRecord', () => {
  it('wraps a console sign-in as EventBridge does', () => {
    const record = consoleLoginRecord();
    const event = wrapCloudTrailRecord(record);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID_V5),
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      account: ACCOUNT,
      time: '2026-03-02T08:15:42Z',
      region: 'us-east-1',
      resources: [],
      detail: record,
    });
    expect(event.detail).toBe(record);
  });

  it('wraps an API call with source aws.<service> from eventSource', () => {
    const event = wrapCloudTrailRecord(apiCallRecord());
    expect(event['detail-type']).toBe('AWS API Call via CloudTrail');
    expect(event.source).toBe('aws.iam');
    expect(event.time).toBe('2026-03-02T09:03:11Z');
    expect(event.region).toBe('us-east-1');
  });

  it('wraps a service event (Cognito hosted UI) as "AWS Service Event via CloudTrail"', () => {
    const event = wrapCloudTrailRecord(serviceEventRecord());
    expect(event['detail-type']).toBe('AWS Service Event via CloudTrail');
    expect(event.source).toBe('aws.cognito-idp');
    expect(event.region).toBe('eu-west-1');
  });

  it('wraps a data event (managementEvent false) as an API call, with resources left empty', () => {
    const event = wrapCloudTrailRecord(dataEventRecord());
    expect(event['detail-type']).toBe('AWS API Call via CloudTrail');
    expect(event.source).toBe('aws.s3');
    expect(event.resources).toEqual([]);
    expect((event.detail as Record<string, unknown>).resources).toHaveLength(1);
  });

  it('wraps an Insights event (no top-level eventSource) as "AWS Insight via CloudTrail" from aws.cloudtrail', () => {
    const event = wrapCloudTrailRecord(insightRecord());
    expect(event['detail-type']).toBe('AWS Insight via CloudTrail');
    expect(event.source).toBe('aws.cloudtrail');
    expect(event.account).toBe(ACCOUNT);
    expect(event.region).toBe('us-east-2');
  });

  it('wraps a console action', () => {
    const event = wrapCloudTrailRecord(apiCallRecord({ eventType: 'AwsConsoleAction', eventSource: 'health.amazonaws.com' }));
    expect(event['detail-type']).toBe('AWS Console Action via CloudTrail');
    expect(event.source).toBe('aws.health');
  });

  it('maps every known eventType to its detail-type', () => {
    expect(DETAIL_TYPE_BY_EVENT_TYPE).toEqual({
      AwsApiCall: 'AWS API Call via CloudTrail',
      AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
      AwsServiceEvent: 'AWS Service Event via CloudTrail',
      AwsConsoleAction: 'AWS Console Action via CloudTrail',
      AwsCloudTrailInsight: 'AWS Insight via CloudTrail',
    });
  });

  it('infers the detail-type of an old record without eventType', () => {
    const { eventType: _a, ...oldLogin } = consoleLoginRecord();
    const { eventType: _b, ...oldCall } = apiCallRecord();
    expect(wrapCloudTrailRecord(oldLogin)['detail-type']).toBe('AWS Console Sign In via CloudTrail');
    expect(wrapCloudTrailRecord(oldCall)['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it('takes the account from userIdentity.accountId when recipientAccountId is missing', () => {
    const { recipientAccountId: _r, ...record } = apiCallRecord();
    expect(wrapCloudTrailRecord({ ...record, userIdentity: { type: 'Root', accountId: '999988887777' } }).account).toBe('999988887777');
  });

  it.each([
    [
      'missing eventSource',
      () => {
        const { eventSource: _s, ...r } = apiCallRecord();
        return r;
      },
      'missing "eventSource"',
    ],
    [
      'missing eventTime',
      () => {
        const { eventTime: _t, ...r } = apiCallRecord();
        return r;
      },
      'missing "eventTime"',
    ],
    ['eventTime not a timestamp', () => apiCallRecord({ eventTime: 'yesterday' }), '"eventTime" is not a timestamp'],
    [
      'no account anywhere',
      () => {
        const { recipientAccountId: _r, userIdentity: _u, ...r } = apiCallRecord();
        return r;
      },
      'no account',
    ],
    [
      'missing awsRegion',
      () => {
        const { awsRegion: _g, ...r } = apiCallRecord();
        return r;
      },
      'missing "awsRegion"',
    ],
    ['an S3 notification record', () => apiCallRecord({ eventSource: 'aws:s3' }), 'not an AWS service endpoint'],
    ['an unknown eventType', () => apiCallRecord({ eventType: 'AwsVpceEvent' }), 'unsupported eventType "AwsVpceEvent"'],
    [
      'eventType "constructor"',
      () => apiCallRecord({ eventType: 'constructor' }),
      'unsupported eventType (not a CloudTrail eventType name)',
    ],
  ])('cannot wrap a record with %s', (_name, make, message) => {
    expect(() => wrapCloudTrailRecord(make())).toThrow(CloudTrailWrapError);
    expect(() => wrapCloudTrailRecord(make())).toThrow(message);
  });
});

describe('wrapped event ids', () => {
  it('are the same for the same record, every time', () => {
    const a = wrapCloudTrailRecord(apiCallRecord());
    const b = wrapCloudTrailRecord(JSON.parse(JSON.stringify(apiCallRecord())));
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(UUID_V5);
  });

  it('follow the eventID: another eventID gives another id, another field the same', () => {
    const base = wrapCloudTrailRecord(apiCallRecord()).id;
    expect(wrapCloudTrailRecord(apiCallRecord({ eventID: 'd4c3b2a1-0000-4000-8000-000000000001' })).id).not.toBe(base);
    expect(wrapCloudTrailRecord(apiCallRecord({ sourceIPAddress: '203.0.113.41' })).id).toBe(base);
  });

  it('come from the content, key order aside, for a record without eventID', () => {
    const { eventID: _e, ...record } = apiCallRecord();
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    expect(cloudTrailEventId(record)).toBe(cloudTrailEventId(reordered));
    expect(cloudTrailEventId(record)).not.toBe(cloudTrailEventId({ ...record, eventName: 'DeleteAccessKey' }));
    expect(cloudTrailEventId(record)).toMatch(UUID_V5);
  });

  it('are RFC 9562 version 5 UUIDs (checked against the RFC example)', () => {
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
