import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const ID = 'unused-region-activity';
const engine = new DetectionEngine(DETECTIONS);
const configured = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { allowedRegions: ['eu-west-1', 'EU-central-1'] } } });
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = configured) => e.evaluate(event).find((o) => o.detection === ID);

/** A write (readOnly false) by alice in `region`. */
const write = (region: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: region,
    readOnly: false,
    requestParameters: { instanceType: 'c6i.large', instancesSet: { items: [{ imageId: 'ami-0a1b2c3d', minCount: 1, maxCount: 1 }] } },
    ...extra,
  });
const enableRegion = (region: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'account.amazonaws.com',
    eventName: 'EnableRegion',
    awsRegion: 'us-east-1',
    readOnly: false,
    requestParameters: { RegionName: region },
    ...extra,
  });

describe(ID, () => {
  test('EnableRegion fires whatever the allow-list, naming the region, also on a fresh install', () => {
    const hit = fired(enableRegion('ap-east-1'), engine);
    expect(hit).toMatchObject({ severity: 'medium', mitre: ['T1535'], dedupKey: '111122223333:EnableRegion:ap-east-1' });
    expect(hit?.evidence.enabledRegion).toBe('ap-east-1');
    expect(fired(enableRegion('eu-central-1'))?.description).toContain('one of the allowed regions');
    expect(fired(enableRegion('me-south-1'))?.description).toContain('not one of the allowed regions');
  });

  test('with no allow-list configured (the default) writes anywhere raise nothing', () => {
    expect(fired(write('sa-east-1'), engine)).toBeUndefined();
  });

  test('a write outside the allowed regions fires per account and region; inside them it does not', () => {
    const hit = fired(write('sa-east-1'));
    expect(hit).toMatchObject({ subject: '111122223333:sa-east-1', dedupKey: '111122223333:sa-east-1', region: 'sa-east-1' });
    expect(hit?.description).toContain('ec2.amazonaws.com RunInstances');
    expect(fired(write('eu-west-1'))).toBeUndefined();
    // Regions compare for what they mean: the allow-list's case does not matter.
    expect(fired(write('eu-central-1'))).toBeUndefined();
  });

  test('reads, and records without readOnly, are not activity', () => {
    expect(fired(write('sa-east-1', { eventName: 'DescribeInstances', readOnly: true }))).toBeUndefined();
    expect(fired(write('sa-east-1', { readOnly: undefined }))).toBeUndefined();
  });

  test('global services in their home region are not us-east-1 activity; a regional STS call is', () => {
    const iam = { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: { userName: 'bob' } };
    expect(fired(write('us-east-1', iam))).toBeUndefined();
    expect(fired(write('us-east-1', { eventSource: 'route53.amazonaws.com', eventName: 'ChangeResourceRecordSets' }))).toBeUndefined();
    expect(fired(write('us-west-2', { eventSource: 'globalaccelerator.amazonaws.com', eventName: 'CreateAccelerator' }))).toBeUndefined();
    expect(fired(write('us-east-1'))).toBeDefined();
    expect(fired(write('ap-south-1', { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' }))).toBeDefined();
  });

  test('service events, sign-ins, calls a service made, service-linked roles and ignored automation do not count', () => {
    expect(fired(write('sa-east-1', { eventType: 'AwsServiceEvent' }))).toBeUndefined();
    const signIn = { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' };
    expect(fired(write('sa-east-1', signIn))).toBeUndefined();
    const alice = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' };
    expect(fired(write('sa-east-1', { userIdentity: { ...alice, invokedBy: 'cloudformation.amazonaws.com' } }))).toBeUndefined();
    const linked = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfig/config-session',
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
        },
      },
    };
    expect(fired(write('sa-east-1', { userIdentity: linked }))).toBeUndefined();
    const ignoring = new DetectionEngine(DETECTIONS, {
      [ID]: { parameters: { allowedRegions: ['eu-west-1'], ignoredPrincipals: ['arn:aws:iam::111122223333:user/alice'] } },
    });
    expect(fired(write('sa-east-1'), ignoring)).toBeUndefined();
  });

  test('a denied write still counts, and says it failed', () => {
    const hit = fired(write('sa-east-1', { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'not authorized' }));
    expect(hit?.description).toContain('(failed: Client.UnauthorizedOperation)');
  });
});
