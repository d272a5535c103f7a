import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
const detectionsOf = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).map((o) => o.detection);

describe('cloudtrail-stopped-or-deleted', () => {
  test.each(['StopLogging', 'DeleteTrail'])('%s that succeeded raises a critical finding on the trail', (eventName) => {
    const [occurrence] = engine.evaluate(
      cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName, requestParameters: { name: trail } }),
    );
    expect(occurrence).toMatchObject({
      detection: 'cloudtrail-stopped-or-deleted',
      severity: 'critical',
      subject: trail,
      mitre: ['T1562.008'],
      runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
      resources: [trail],
    });
    expect(occurrence.evidence.actor).toBe('arn:aws:iam::111122223333:user/alice');
  });

  test.each([
    ['errorCode', { errorCode: 'AccessDenied' }],
    ['errorMessage only', { errorMessage: 'User is not authorized' }],
  ])('a failed call (%s) raises no cloudtrail-stopped-or-deleted (it is a cloudtrail-tamper-attempt)', (_label, failure) => {
    expect(
      detectionsOf(
        cloudTrailEvent({
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          requestParameters: { name: trail },
          ...failure,
        }),
      ),
    ).toEqual(['cloudtrail-tamper-attempt']);
  });

  test.each([
    ['multi-region turned off', { name: trail, isMultiRegionTrail: false }, 'turned multi-region logging off'],
    ['bucket changed', { name: trail, s3BucketName: 'elsewhere-logs' }, 'moved log delivery to bucket elsewhere-logs'],
    ['KMS key changed', { name: trail, kmsKeyId: 'arn:aws:kms:eu-west-1:444455556666:key/abc' }, 'changed the log encryption key'],
  ])('UpdateTrail with %s raises', (_label, requestParameters, phrase) => {
    const [occurrence] = engine.evaluate(
      cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'UpdateTrail', requestParameters }),
    );
    expect(occurrence.detection).toBe('cloudtrail-stopped-or-deleted');
    expect(occurrence.description).toContain(phrase);
  });

  test('UpdateTrail that keeps multi-region, bucket and key raises nothing', () => {
    const event = cloudTrailEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'UpdateTrail',
      requestParameters: { name: trail, isMultiRegionTrail: true, includeGlobalServiceEvents: true },
    });
    expect(detectionsOf(event)).toEqual([]);
  });

  test('StartLogging and the same event name from another service raise nothing', () => {
    expect(
      detectionsOf(
        cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging', requestParameters: { name: trail } }),
      ),
    ).toEqual([]);
    expect(detectionsOf(cloudTrailEvent({ eventSource: 'logs.amazonaws.com', eventName: 'StopLogging' }))).toEqual([]);
  });

  test('findings of one trail share a dedup key; another trail gets its own', () => {
    const stop = (name: string) =>
      engine.evaluate(
        cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name } }),
      )[0];
    expect(stop(trail).dedupKey).toBe(stop(trail).dedupKey);
    expect(stop(trail).dedupKey).not.toBe(stop('other-trail').dedupKey);
  });

  test('overrides can disable the detection or change its severity and window', () => {
    const event = cloudTrailEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: trail },
    });
    expect(new DetectionEngine(DETECTIONS, { 'cloudtrail-stopped-or-deleted': { enabled: false } }).evaluate(event)).toEqual([]);
    const [tuned] = new DetectionEngine(DETECTIONS, {
      'cloudtrail-stopped-or-deleted': { severity: 'high', dedupWindowMinutes: 15 },
    }).evaluate(event);
    expect(tuned).toMatchObject({ severity: 'high', windowMinutes: 15 });
  });
});

test('the engine knows which events no detection can fire on', () => {
  expect(engine.mayFire(cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }))).toBe(true);
  expect(engine.mayFire(cloudTrailEvent({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' }))).toBe(false);
  // cloudtrail-tamper-attempt reads StopLogging too: only with both disabled can nothing fire on it.
  const disabled = { enabled: false };
  expect(
    new DetectionEngine(DETECTIONS, { 'cloudtrail-stopped-or-deleted': disabled, 'cloudtrail-tamper-attempt': disabled }).mayFire(
      cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }),
    ),
  ).toBe(false);
});
