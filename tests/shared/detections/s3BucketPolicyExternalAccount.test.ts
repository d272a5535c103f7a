import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-bucket-policy-external-account';
const PUBLIC = 's3-bucket-policy-public';
const read = {
  Sid: 'PartnerRead',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
};
/** PutBucketPolicy as CloudTrail records it: the policy parsed under bucketPolicy, the header copies as lists. */
const put = (statements: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    requestParameters: {
      bucketName: 'reports',
      bucketPolicy: { Version: '2012-10-17', Statement: statements },
      host: ['reports.s3.eu-west-1.amazonaws.com'],
      policy: [''],
    },
    resources: [{ accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::reports' }],
    ...extra,
  });
const raised = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).map((o) => o.detection);
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);

describe(ID, () => {
  test('a grant to another account by root ARN fires on the bucket, naming the account', () => {
    const hit = fired(put([{ ...read, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }]));
    expect(hit).toMatchObject({
      severity: 'high',
      mitre: ['T1537'],
      subject: 'arn:aws:s3:::reports',
      dedupKey: '111122223333:reports',
      evidence: { outsideGrantees: 'account 444455556666', statementSids: 'PartnerRead', bucket: 'reports' },
    });
    expect(hit?.description).toContain('s3://reports');
  });

  test('ids, role ARNs and lists are read; the own account and a service principal are not external', () => {
    const principals = { AWS: ['777788889999', 'arn:aws:iam::444455556666:role/etl', 'arn:aws:iam::111122223333:role/app'] };
    expect(fired(put([{ ...read, Principal: principals }]))?.evidence.outsideGrantees).toBe('account 444455556666, account 777788889999');
    expect(fired(put([{ ...read, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }]))).toBeUndefined();
    const delivery = { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' };
    expect(fired(put([delivery]))).toBeUndefined();
  });

  test('an allow-listed account does not fire; a Deny to another account does not either', () => {
    const tuned = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { allowedAccounts: ['444455556666'] } } });
    expect(fired(put([{ ...read, Principal: { AWS: '444455556666' } }]), tuned)).toBeUndefined();
    expect(fired(put([{ ...read, Effect: 'Deny', Principal: { AWS: '444455556666' } }]))).toBeUndefined();
  });

  test('an unconditioned "*" is only s3-bucket-policy-public: no second finding for the same statement', () => {
    const open = put([{ ...read, Principal: '*' }]);
    expect(raised(open)).toContain(PUBLIC);
    expect(raised(open)).not.toContain(ID);
  });

  test('"*" confined by aws:PrincipalOrgID to an unknown organisation is external (public stays quiet); to ours, nothing', () => {
    const org = put([{ ...read, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' } } }]);
    expect(raised(org)).not.toContain(PUBLIC);
    expect(fired(org)?.evidence.outsideGrantees).toBe('organisation o-zz9y8x7w6v');
    const ours = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { allowedOrganizationIds: ['o-zz9y8x7w6v'] } } });
    expect(fired(org, ours)).toBeUndefined();
  });

  test('"*" confined by aws:SourceAccount to another account fires; confined to a network only it names no account', () => {
    const other = put([{ ...read, Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '444455556666' } } }]);
    expect(fired(other)?.evidence.outsideGrantees).toBe('account 444455556666');
    expect(fired(put([{ ...read, Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } }]))).toBeUndefined();
  });

  test('the policy as a JSON string reads the same; a denied attempt fires and says it failed', () => {
    const statement = { ...read, Principal: { AWS: '444455556666' } };
    const asString = put([], {
      requestParameters: { bucketName: 'reports', bucketPolicy: JSON.stringify({ Statement: [statement] }) },
    });
    expect(fired(asString)?.evidence.outsideGrantees).toBe('account 444455556666');
    const denied = fired(put([statement], { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }));
    expect(denied?.description).toContain('(failed: AccessDenied)');
  });
});
