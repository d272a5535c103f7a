import { readdirSync } from 'node:fs';
import {
  capturedEvent,
  capturedVariants,
  cloudTrailCaptured,
  deepMerge,
  EVENTS_DIR,
  findingEvent,
  SCHEMA_BY_SOURCE,
  type CapturedSource,
} from '../helpers/capturedEvent';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/** tests/events/<source>/<variant>.json: what the factories build on must be what the functions accept. */
const sources = Object.keys(SCHEMA_BY_SOURCE) as CapturedSource[];

test('every folder of tests/events is a source with a schema', () => {
  expect(readdirSync(EVENTS_DIR).sort()).toEqual([...sources].sort());
});

test.each(sources.flatMap((source) => capturedVariants(source).map((variant) => [source, variant] as const)))(
  '%s/%s.json passes its schema',
  (source, variant) => {
    expect(() => capturedEvent(source, variant)).not.toThrow();
  },
);

test('overrides merge into detail key by key; arrays replace; undefined removes', () => {
  const event = cloudTrailCaptured('stop-logging', {
    id: 'stop-override',
    detail: { userIdentity: { userName: 'mallory' }, resources: [], errorCode: undefined, sourceIPAddress: '192.0.2.7' },
  });
  expect(event.id).toBe('stop-override');
  expect(event.detail.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'mallory', accountId: '111122223333' });
  expect(event.detail.eventName).toBe('StopLogging');
  expect(event.detail.resources).toEqual([]);
  expect(event.detail).not.toHaveProperty('errorCode');
  expect(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
});

test('a fixture the function would quarantine throws, naming the file and the fields', () => {
  expect(() => cloudTrailCaptured('stop-logging', { detail: { eventTime: 'yesterday' } })).toThrow(
    /tests\/events\/cloudtrail\/stop-logging\.json with the overrides given would be quarantined.*detail\.eventTime/,
  );
  expect(() => findingEvent('root-console-login', { detail: { severity: 'urgent' as never } })).toThrow(/detail\.severity/);
  expect(() => capturedEvent('guardduty', 'no-such-variant')).toThrow(/no captured event tests\/events\/guardduty\/no-such-variant\.json/);
});

describe('cloudTrailEvent (the record factory the detection tests use)', () => {
  test('builds on the captured API call and keeps nothing of that call', () => {
    const event = cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    expect(event).toMatchObject({ source: 'aws.cloudtrail', 'detail-type': 'AWS API Call via CloudTrail', region: 'eu-west-1' });
    expect(event.detail).toMatchObject({ requestParameters: {}, responseElements: null, userIdentity: { userName: 'alice' } });
    expect(event.detail).not.toHaveProperty('readOnly');
  });

  test('a sign-in is a console sign-in event', () => {
    const event = cloudTrailEvent({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin' });
    expect(event).toMatchObject({ source: 'aws.signin', 'detail-type': 'AWS Console Sign In via CloudTrail' });
  });

  test('gives each event its own ids', () => {
    const [a, b] = [1, 2].map(() => cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' }));
    expect(a!.id).not.toBe(b!.id);
    expect(a!.detail.eventID).not.toBe(b!.detail.eventID);
  });

  test('refuses a record CloudTrailEventSchema refuses', () => {
    expect(() => cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventTime: '20 Nov 2026' })).toThrow(
      /cloudTrailEvent\(iam\.amazonaws\.com ListUsers\).*would be quarantined.*detail\.eventTime/,
    );
  });
});
