import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'admin-policy-granted';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const iam = (eventName: string, requestParameters: Record<string, unknown>, extra = {}) =>
  cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName, requestParameters, ...extra });
const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

describe(id, () => {
  test('AttachRolePolicy of AdministratorAccess raises a high finding on the role', () => {
    const [hit] = hits(iam('AttachRolePolicy', { roleName: 'ci-deploy', policyArn: admin }));
    expect(hit).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:iam::111122223333:role/ci-deploy',
      dedupKey: '111122223333:arn:aws:iam::111122223333:role/ci-deploy',
    });
    expect(hit.evidence).toMatchObject({ grant: 'managed-policy', policyArn: admin, principalName: 'ci-deploy' });
  });

  test.each([
    ['AttachUserPolicy', { userName: 'bob', policyArn: admin }, 'user/bob'],
    ['AttachGroupPolicy', { groupName: 'ops', policyArn: admin }, 'group/ops'],
    [
      'PutUserPolicy',
      { userName: 'bob', policyName: 'x', policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      'user/bob',
    ],
    [
      'PutGroupPolicy',
      { groupName: 'ops', policyName: 'x', policyDocument: doc([{ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }]) },
      'group/ops',
    ],
    [
      'PutRolePolicy',
      { roleName: 'r', policyName: 'x', policyDocument: encodeURIComponent(doc({ Effect: 'Allow', Action: '*', Resource: '*' })) },
      'role/r',
    ],
  ])('%s granting admin raises', (eventName, params, target) => {
    expect(hits(iam(eventName, params))[0].subject).toBe(`arn:aws:iam::111122223333:${target}`);
  });

  test('CreatePolicyVersion allowing * on * raises on the policy', () => {
    const policyArn = 'arn:aws:iam::111122223333:policy/reports';
    const [hit] = hits(
      iam('CreatePolicyVersion', { policyArn, setAsDefault: true, policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
    );
    expect(hit).toMatchObject({ subject: policyArn, evidence: expect.objectContaining({ grant: 'policy-version', setAsDefault: true }) });
  });

  test('a denied attempt still raises, saying it was tried', () => {
    expect(hits(iam('AttachUserPolicy', { userName: 'bob', policyArn: admin }, { errorCode: 'AccessDenied' }))[0].description).toContain(
      'tried to grant',
    );
  });

  test.each([
    ['another managed policy', 'AttachRolePolicy', { roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    ['a scoped inline policy', 'PutRolePolicy', { roleName: 'r', policyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }],
    ['a Deny of * on *', 'PutUserPolicy', { userName: 'u', policyDocument: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }],
    [
      '* on one resource',
      'CreatePolicyVersion',
      {
        policyArn: 'arn:aws:iam::111122223333:policy/p',
        policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }),
      },
    ],
    ['an unparseable document', 'PutUserPolicy', { userName: 'u', policyDocument: '{not json' }],
  ])('%s raises nothing', (_label, eventName, params) => {
    expect(hits(iam(eventName, params))).toEqual([]);
  });

  test('allowedCallers skips the listed caller', () => {
    const engine = new DetectionEngine(DETECTIONS, { [id]: { parameters: { allowedCallers: ['arn:aws:iam::111122223333:user/alice'] } } });
    expect(hits(iam('AttachRolePolicy', { roleName: 'r', policyArn: admin }), engine)).toEqual([]);
  });
});
