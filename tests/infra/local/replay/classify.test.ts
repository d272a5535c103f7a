import { classifyValue } from '../../../../infra/local/replay';
import { awslogsEvent, capturedPayload } from '../../../helpers/logSubscription';
import { ACCOUNT, apiCallRecord, guardDutyEvent } from './fixtures';

function rejection(value: unknown): string {
  const c = classifyValue(value);
  if (c.kind !== 'rejected') throw new Error(`expected a rejection, got ${c.kind}`);
  return c.reason;
}

describe('classifyValue', () => {
  it('accepts an EventBridge event as it is', () => {
    const event = guardDutyEvent('e-1');
    expect(classifyValue(event)).toEqual({ kind: 'event', event });
  });

  it('keeps replay-name and fills a missing version ("0") and missing resources ([])', () => {
    const { version: _v, resources: _r, ...rest } = guardDutyEvent('e-2');
    const c = classifyValue({ ...rest, 'replay-name': 'r1' });
    expect(c).toEqual({ kind: 'event', event: { ...guardDutyEvent('e-2'), 'replay-name': 'r1' } });
  });

  it('rejects an EventBridge event missing required fields, naming them', () => {
    const { source: _s, account: _a, ...rest } = guardDutyEvent('e-3');
    expect(rejection(rest)).toBe('invalid EventBridge event: missing "source"; missing "account"');
  });

  it.each([
    [{ detail: [1, 2] }, '"detail" must be an object, got an array'],
    [{ detail: null }, '"detail" must be an object, got null'],
    [{ detail: 'text' }, '"detail" must be an object, got a string'],
    [{ account: 111122223333 }, '"account" must be a string, got a number'],
    [{ time: 'not a time' }, '"time" is not a timestamp'],
    [{ id: '' }, '"id" is empty'],
    [{ resources: 'arn:aws:s3:::b' }, '"resources" must be an array of strings, got a string'],
    [{ resources: [1] }, '"resources" must be an array of strings, got an array with a non-string'],
    [{ version: 0 }, '"version" must be a string, got a number'],
  ])('rejects wrong types: %j', (patch, message) => {
    expect(rejection({ ...guardDutyEvent('e-4'), ...patch })).toBe(`invalid EventBridge event: ${message}`);
  });

  it('rejects an event without detail', () => {
    const { detail: _d, ...rest } = guardDutyEvent('e-5');
    expect(rejection(rest)).toBe('invalid EventBridge event: missing "detail"');
  });

  it('wraps a raw CloudTrail record', () => {
    const c = classifyValue(apiCallRecord());
    expect(c.kind).toBe('event');
    if (c.kind === 'event') {
      expect(c.event['detail-type']).toBe('AWS API Call via CloudTrail');
      expect(c.event.account).toBe(ACCOUNT);
    }
  });

  it('rejects a record that cannot be wrapped, with the reason', () => {
    const { eventTime: _t, ...record } = apiCallRecord();
    expect(rejection(record)).toBe('cannot wrap CloudTrail record: missing "eventTime"');
  });

  it('returns the records of a CloudTrail log file object', () => {
    expect(classifyValue({ Records: [1, 2] })).toEqual({ kind: 'records', records: [1, 2] });
    expect(rejection({ Records: {} })).toBe('not a CloudTrail log file: "Records" must be an array, got an object');
  });

  it('rejects what is neither', () => {
    expect(rejection({ hello: 'world' })).toBe('not an EventBridge event or CloudTrail record (missing "detail-type")');
    expect(rejection([1])).toBe('not an EventBridge event or CloudTrail record (got an array)');
    expect(rejection(42)).toBe('not an EventBridge event or CloudTrail record (got a number)');
    expect(rejection(null)).toBe('not an EventBridge event or CloudTrail record (got null)');
  });
});

describe('classifyValue: CloudWatch Logs subscription payloads', () => {
  const payload = capturedPayload('cognito-sign-in-high-risk');

  it('decodes the Lambda event {"awslogs": {"data": ...}} into its payload', () => {
    expect(classifyValue(awslogsEvent(payload))).toEqual({ kind: 'logs', payload });
  });

  it('takes a decoded payload (messageType and logEvents) as it is, a CONTROL_MESSAGE included', () => {
    expect(classifyValue(payload)).toEqual({ kind: 'logs', payload });
    expect(classifyValue(capturedPayload('control-message'))).toMatchObject({ kind: 'logs', payload: { messageType: 'CONTROL_MESSAGE' } });
  });

  it.each([
    [{ awslogs: 'H4sI' }, 'not a CloudWatch Logs subscription event: "awslogs.data" must be a string'],
    [{ awslogs: { data: 'not base64!' } }, 'awslogs.data is not base64'],
    [{ awslogs: { data: Buffer.from('{}').toString('base64') } }, 'awslogs.data is not gzip (incorrect header check)'],
  ])('rejects a Lambda event that cannot be decoded, with the reason: %j', (value, reason) => {
    expect(rejection(value)).toBe(reason);
  });

  it('rejects a decoded payload that breaks the contract, naming the paths and no value', () => {
    const { owner: _owner, ...noOwner } = payload;
    expect(rejection({ ...noOwner, logEvents: [{ id: '1', timestamp: 'yesterday', message: 'alice@example.com' }] })).toBe(
      'payload is not a CloudWatch Logs subscription payload: owner: Invalid input: expected string, received undefined; ' +
        'logEvents.0.timestamp: Invalid input: expected number, received string',
    );
  });
});
