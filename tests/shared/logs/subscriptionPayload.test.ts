import { gzipSync } from 'node:zlib';
import { decodeSubscriptionData, encodeSubscriptionData, LogPayloadError, parsePayload } from '../../../shared/logs';
import { capturedPayload } from '../../helpers/logSubscription';

/** awslogs.data → payload: base64, gzip, JSON, then the DATA_MESSAGE / CONTROL_MESSAGE contract. */
function problemOf(data: string, maxBytes?: number): [string, string] {
  try {
    decodeSubscriptionData(data, maxBytes);
  } catch (error) {
    if (error instanceof LogPayloadError) return [error.problem, error.message];
    throw error;
  }
  throw new Error('expected a LogPayloadError');
}

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

test('decodes a DATA_MESSAGE as CloudWatch Logs encodes it', () => {
  const payload = capturedPayload('cognito-sign-in-high-risk');
  const decoded = decodeSubscriptionData(encodeSubscriptionData(payload));
  expect(decoded).toEqual(payload);
  expect(decoded.messageType).toBe('DATA_MESSAGE');
});

test('decodes a CONTROL_MESSAGE: no owner account, no group, no stream', () => {
  const decoded = decodeSubscriptionData(encodeSubscriptionData(capturedPayload('control-message')));
  expect(decoded).toMatchObject({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '' });
});

test.each([
  ['characters outside the alphabet', 'H4sI*AAA'],
  ['a length that is not a multiple of 4', 'H4sIAAA'],
  ['padding in the middle', 'H4==sIAA'],
  ['nothing', ''],
])('refuses data that is not base64 (%s), quoting none of it', (_what, data) => {
  expect(problemOf(data)).toEqual(['not-base64', 'awslogs.data is not base64']);
});

test('refuses base64 of something that is not gzip, and a gzip cut short', () => {
  expect(problemOf(base64('{"messageType":"DATA_MESSAGE"}'))).toEqual([
    'not-gzip',
    expect.stringMatching(/^awslogs\.data is not gzip \(.+\)$/),
  ]);
  const whole = gzipSync(JSON.stringify(capturedPayload('cognito-sign-in-low-risk')));
  expect(problemOf(base64(whole.subarray(0, whole.length - 12)))[0]).toBe('not-gzip');
});

test('refuses a payload that inflates past the bound, without inflating it whole', () => {
  const bomb = base64(gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20)));
  expect(problemOf(bomb, 1024 * 1024)).toEqual(['too-large', 'awslogs.data inflates to more than 1048576 bytes']);
});

test('refuses gzip of text that is not JSON, quoting none of it', () => {
  const [problem, message] = problemOf(base64(gzipSync('user=alice@example.com password=hunter2')));
  expect(problem).toBe('not-json');
  expect(message).toMatch(/^awslogs\.data is not JSON once inflated: /);
  expect(message).not.toContain('alice');
});

test('refuses JSON that is not a subscription payload, naming the paths', () => {
  const { logEvents: _events, ...noEvents } = capturedPayload('cognito-sign-in-low-risk');
  expect(problemOf(encodeSubscriptionData(noEvents))).toEqual([
    'not-a-payload',
    'awslogs.data is not a CloudWatch Logs subscription payload: logEvents: Invalid input: expected array, received undefined',
  ]);
  expect(problemOf(encodeSubscriptionData({ ...noEvents, logEvents: [], messageType: 'DATA' }))[1]).toMatch(/messageType: Invalid/);
  expect(() => parsePayload({ ...capturedPayload('cognito-sign-in-low-risk'), owner: 'me' }, 'line 3')).toThrow(
    'line 3 is not a CloudWatch Logs subscription payload: owner: expected a 12-digit account id',
  );
});
