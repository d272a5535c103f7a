import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
const call = (eventName: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName, requestParameters: { name: trail }, ...extra });
const ours = (event: ReturnType<typeof call>) => engine.evaluate(event).filter((o) => o.detection === 'cloudtrail-tamper-attempt');

describe('cloudtrail-tamper-attempt', () => {
  test.each(['StopLogging', 'DeleteTrail', 'UpdateTrail'])('a denied %s raises a medium finding on the trail', (eventName) => {
    const [occurrence] = ours(call(eventName, { errorCode: 'AccessDenied', errorMessage: 'not authorized' }));
    expect(occurrence).toMatchObject({
      severity: 'medium',
      subject: trail,
      dedupKey: `111122223333:${trail}:arn:aws:iam::111122223333:user/alice`,
      resources: [trail],
      mitre: ['T1562.008'],
    });
    expect(occurrence!.evidence).toMatchObject({ eventName, errorCode: 'AccessDenied', succeeded: false });
  });

  test('a PutEventSelectors failing with only an errorMessage raises, on trailName', () => {
    const event = cloudTrailEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'PutEventSelectors',
      requestParameters: { trailName: 'org-trail', eventSelectors: [{ includeManagementEvents: true }] },
      errorMessage: 'Trail not found',
    });
    expect(ours(event).map((o) => o.subject)).toEqual(['org-trail']);
  });

  test('the successful call raises nothing here (it is cloudtrail-stopped-or-deleted)', () => {
    expect(ours(call('StopLogging'))).toEqual([]);
    expect(engine.evaluate(call('StopLogging')).map((o) => o.detection)).toEqual(['cloudtrail-stopped-or-deleted']);
  });

  test('a failed read or StartLogging raises nothing', () => {
    expect(ours(call('StartLogging', { errorCode: 'AccessDenied' }))).toEqual([]);
    expect(ours(call('GetTrailStatus', { errorCode: 'AccessDenied' }))).toEqual([]);
  });

  test('two actors are two findings', () => {
    const bob = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob', accountId: '111122223333', userName: 'bob' };
    const a = ours(call('StopLogging', { errorCode: 'AccessDenied' }))[0]!;
    const b = ours(call('StopLogging', { errorCode: 'AccessDenied', userIdentity: bob }))[0]!;
    expect(a.dedupKey).not.toBe(b.dedupKey);
  });
});
