import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'root-access-key-created';
const engine = new DetectionEngine(DETECTIONS);
const hits = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).filter((o) => o.detection === id);
const root = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', principalId: '111122223333' };

describe(id, () => {
  test('root creating its own key raises a critical finding', () => {
    const [hit] = hits(
      cloudTrailEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        userIdentity: root,
        requestParameters: null,
        responseElements: { accessKey: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' } },
      }),
    );
    expect(hit).toMatchObject({ severity: 'critical', subject: root.arn, dedupKey: '111122223333:root-access-key', resources: [root.arn] });
    expect(hit.evidence).toMatchObject({ newAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  test('a failed attempt still raises, saying it failed', () => {
    const [hit] = hits(
      cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: root, errorCode: 'LimitExceeded' }),
    );
    expect(hit.description).toContain('tried to create');
  });

  test('root creating a key for an IAM user, or a user creating one, is not a root key', () => {
    const forUser = cloudTrailEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      requestParameters: { userName: 'bob' },
      responseElements: { accessKey: { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } },
    });
    expect(hits(forUser)).toEqual([]);
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' }))).toEqual([]);
  });
});
