import { DETECTIONS, DetectionEngine, type CloudTrailRecord } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'access-key-created-for-other-user';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const user = (name: string) => ({
  type: 'IAMUser',
  arn: `arn:aws:iam::111122223333:user/${name}`,
  accountId: '111122223333',
  userName: name,
});
const createKey = (caller: Record<string, unknown>, keyUser: string | undefined, overrides: Partial<CloudTrailRecord> = {}) =>
  cloudTrailEvent({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    userIdentity: caller,
    requestParameters: keyUser ? { userName: keyUser } : null,
    responseElements: {
      accessKey: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active', ...(keyUser ? { userName: keyUser } : {}) },
    },
    ...overrides,
  });

describe(id, () => {
  test('alice creating a key for bob raises a high finding on bob', () => {
    const [hit] = hits(createKey(user('alice'), 'bob'));
    expect(hit).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:iam::111122223333:user/bob',
      dedupKey: '111122223333:arn:aws:iam::111122223333:user/alice:bob',
      resources: ['arn:aws:iam::111122223333:user/bob'],
    });
    expect(hit.evidence).toMatchObject({
      keyUser: 'bob',
      newAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      actor: 'arn:aws:iam::111122223333:user/alice',
    });
  });

  test('names are compared whole: jackson creating a key for jack is another user', () => {
    expect(hits(createKey(user('jackson'), 'jack'))).toHaveLength(1);
  });

  test('a role session or root creating a key for a user raises', () => {
    const role = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/ops-admin/alice', accountId: '111122223333' };
    expect(hits(createKey(role, 'alice'))).toHaveLength(1);
    expect(hits(createKey({ type: 'Root', arn: 'arn:aws:iam::111122223333:root' }, 'bob'))).toHaveLength(1);
  });

  test('a key for oneself, or a failed call, raises nothing', () => {
    expect(hits(createKey(user('alice'), 'alice'))).toEqual([]);
    expect(hits(createKey(user('alice'), undefined))).toEqual([]);
    expect(hits(createKey(user('alice'), 'bob', { errorCode: 'AccessDenied', responseElements: null }))).toEqual([]);
  });

  test('allowedCallers skips a provisioning role by its ARN', () => {
    const role = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/onboarding/run-42',
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/onboarding' } },
    };
    const engine = new DetectionEngine(DETECTIONS, {
      [id]: { parameters: { allowedCallers: ['arn:aws:iam::111122223333:role/onboarding'] } },
    });
    expect(hits(createKey(role, 'bob'), engine)).toEqual([]);
  });
});
