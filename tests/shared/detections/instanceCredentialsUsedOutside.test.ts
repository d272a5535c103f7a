import { DETECTIONS, parseDetectionOverrides, type CloudTrailEnvelope, type CloudTrailRecord } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'instance-credentials-used-outside';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/report-worker-role/i-0abcdef1234567890';
const ATTACKER_IP = '45.33.32.156';
/** A us-west-2 range of AWS's published list (the conformance run's excerpt), and the list as ip-ranges.json shapes it. */
const RANGES = { awsIpRanges: { prefixes: [{ ip_prefix: '52.40.0.0/14', region: 'us-west-2', service: 'EC2' }], ipv6_prefixes: [] } };

/** Credentials from the instance metadata service: the session is named after the instance, ec2RoleDelivery says how. */
const instance = (arn = SESSION, delivery = true) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLEWORKER:${arn.split('/').pop()}`,
  arn,
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLEWORKERKEY',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/report-worker-role', userName: 'report-worker-role' },
    attributes: { creationDate: '2026-11-20T09:00:00Z', mfaAuthenticated: 'false' },
    ...(delivery ? { ec2RoleDelivery: '2.0' } : {}),
  },
});
const jmoreau = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/j.moreau', accountId: '111122223333', userName: 'j.moreau' };
const ciRole = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/build-4711',
  accountId: '111122223333',
  sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci-deploy' } },
};

interface Call {
  identity?: CloudTrailRecord['userIdentity'];
  ip?: string;
  eventSource?: string;
  eventName?: string;
  extra?: Record<string, unknown>;
}

function call(seconds: number, id: string, { identity = instance(), ip = ATTACKER_IP, eventSource, eventName, extra = {} }: Call = {}) {
  return cloudTrailEvent(
    {
      eventSource: eventSource ?? 'ec2.amazonaws.com',
      eventName: eventName ?? 'DescribeInstances',
      eventTime: at(seconds),
      sourceIPAddress: ip,
      userAgent: 'aws-cli/2.15.0',
      userIdentity: identity,
      recipientAccountId: '111122223333',
      ...extra,
    },
    { id },
  ) as CloudTrailEnvelope;
}
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

describe('outside AWS (single event, when AWS ranges are configured)', () => {
  test('instance credentials used from a public address outside the ranges raise high, one event', async () => {
    const [hit, ...rest] = await run([[call(0, 'out')]], RANGES);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ severity: 'high', subject: SESSION, dedupKey: `session:${SESSION} outside`, mitre: ['T1552.005'] });
    expect(hit!.evidence).toMatchObject({ sourceIps: ATTACKER_IP });
  });

  test('a session named after the instance counts without ec2RoleDelivery; another session name does not', async () => {
    expect(await run([[call(0, 'named', { identity: instance(SESSION, false) })]], RANGES)).toHaveLength(1);
    const custom = instance('arn:aws:sts::111122223333:assumed-role/report-worker-role/session', false);
    expect(await run([[call(0, 'custom', { identity: custom })]], RANGES)).toEqual([]);
  });

  test('not without a ranges list; not from inside the ranges; not from a private address', async () => {
    expect(await run([[call(0, 'no-list')]])).toEqual([]);
    expect(await run([[call(0, 'aws', { ip: '52.42.146.205' })]], RANGES)).toEqual([]);
    expect(await run([[call(0, 'private', { ip: '10.0.1.50' })]], RANGES)).toEqual([]);
    expect(await run([[call(0, 'list', { ip: '45.33.32.156' })]], { awsIpRanges: ['45.33.32.0/24'] })).toEqual([]);
  });

  test.each([
    ['a call AWS made for the instance (invokedBy)', { identity: { ...instance(), invokedBy: 'eks.amazonaws.com' } }],
    ['a service hostname as source', { ip: 'cloudformation.amazonaws.com' }],
    ['"AWS Internal" as source', { ip: 'AWS Internal' }],
    ['SSM agent traffic (ssmmessages)', { eventSource: 'ssmmessages.amazonaws.com', eventName: 'CreateControlChannel' }],
    ['SSM agent traffic (ec2messages)', { eventSource: 'ec2messages.amazonaws.com', eventName: 'GetMessages' }],
    ['RegisterManagedInstance', { eventName: 'RegisterManagedInstance' }],
  ])('%s is excluded', async (_what, options: Call) => {
    expect(await run([[call(0, 'x', options)]], RANGES)).toEqual([]);
  });

  test('the ranges list is checked at cold start: a bad CIDR names the detection and key', () => {
    expect(() => parseDetectionOverrides({ [ID]: { parameters: { awsIpRanges: ['52.40.0.0/99'] } } }, DETECTIONS)).toThrow(
      /instance-credentials-used-outside\.parameters\.awsIpRanges/,
    );
    expect(() =>
      parseDetectionOverrides({ [ID]: { parameters: { awsIpRanges: ['52.40.0.0/14', '2600:1f00::/24'] } } }, DETECTIONS),
    ).not.toThrow();
  });
});

describe('the same address used by a person (SEQ 1 h, either order)', () => {
  const PERSON_IP = '198.51.100.23';
  const stolen = (s: number, id: string, ip = PERSON_IP) => call(s, id, { ip });
  const person = (s: number, id: string, identity: CloudTrailRecord['userIdentity'] = jmoreau, ip = PERSON_IP, extra = {}) =>
    call(s, id, { identity, ip, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', extra });

  test('instance credentials and an IAM user from one address within an hour: high, listing the instance calls', async () => {
    const events = [stolen(0, 'i1'), stolen(600, 'i2'), person(2400, 'p1'), person(2410, 'p2')];
    const fired = await run([events]);
    expect(eventIds(fired)).toEqual(new Set(['i1', 'i2']));
    expect(new Set(fired.map((o) => o.dedupKey))).toEqual(new Set([`ip:${PERSON_IP} ${SESSION}`]));
    expect(fired[0]).toMatchObject({ severity: 'high', subject: SESSION, account: '111122223333' });
    expect(fired[0]!.resources).toEqual([SESSION, jmoreau.arn]);
    // The person's two calls in one minute are one minute of use.
    expect(fired[0]!.evidence).toMatchObject({ persons: jmoreau.arn, personKinds: 'IAM user', personMinutes: 1 });
  });

  test('either order, and private addresses too (the rule compares addresses, whatever their range)', async () => {
    expect(eventIds(await run([[person(0, 'p'), stolen(3000, 'i')]]))).toEqual(new Set(['i']));
    expect(eventIds(await run([[stolen(0, 'i', '10.0.1.50'), person(60, 'p', jmoreau, '10.0.1.50')]]))).toEqual(new Set(['i']));
  });

  test('threshold edge: within an hour of the minute the person used the address is related, beyond it is not', async () => {
    // The person's use is kept to the minute (10:00): any second of it may have been the call.
    expect(await run([[person(30, 'p'), stolen(3659, 'i')]])).toHaveLength(1);
    expect(await run([[person(30, 'p'), stolen(3660, 'i')]])).toEqual([]);
    expect(await run([[stolen(0, 'i'), person(3659, 'p')]])).toHaveLength(1);
    expect(await run([[stolen(0, 'i'), person(3660, 'p')]])).toEqual([]);
  });

  test('a console session and a console sign-in are persons; an automation role is not', async () => {
    const consoleSession = { ...ciRole, arn: 'arn:aws:sts::111122223333:assumed-role/ops-admin/dana.ops' };
    const fromConsole = await run([[stolen(0, 'i'), person(60, 'p', consoleSession, PERSON_IP, { sessionCredentialFromConsole: 'true' })]]);
    expect(fromConsole[0]!.evidence).toMatchObject({ personKinds: 'console session' });
    const signIn = cloudTrailEvent(
      {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventTime: at(120),
        eventType: 'AwsConsoleSignIn',
        sourceIPAddress: PERSON_IP,
        userIdentity: jmoreau,
        responseElements: { ConsoleLogin: 'Success' },
      },
      { id: 'signin' },
    ) as CloudTrailEnvelope;
    expect(await run([[stolen(0, 'i'), signIn]])).toHaveLength(1);
    expect(await run([[stolen(0, 'i'), person(60, 'p', ciRole)]])).toEqual([]);
  });

  test('two spellings of one IPv6 address are one address', async () => {
    expect(await run([[stolen(0, 'i', '2001:DB8:0:0:0:0:0:7'), person(60, 'p', jmoreau, '2001:db8::7')]])).toHaveLength(1);
    expect(await run([[stolen(0, 'i', '2001:db8::7'), person(60, 'p')]], { ignoredSourceIps: ['2001:0db8::0007'] })).toEqual([]);
  });

  test('another address, or the person alone, does not fire; an ignored address is not considered', async () => {
    expect(await run([[stolen(0, 'i', '203.0.113.7'), person(60, 'p')]])).toEqual([]);
    expect(await run([[person(0, 'p1'), person(60, 'p2')]])).toEqual([]);
    expect(await run([[stolen(0, 'i'), person(60, 'p')]], { ignoredSourceIps: [PERSON_IP] })).toEqual([]);
  });

  test('redelivered, out-of-order calls in several batches give the same events', async () => {
    const events = [stolen(0, 'i1'), person(900, 'p1'), stolen(1800, 'i2'), person(5000, 'p2'), stolen(9000, 'far')];
    expect(eventIds(await run(redelivered(events, 3)))).toEqual(eventIds(await run([events])));
    expect(eventIds(await run([events]))).toEqual(new Set(['i1', 'i2']));
  });
});

describe('one instance session from a second address of the same kind (medium)', () => {
  const use = (s: number, id: string, ip: string) => call(s, id, { ip, eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' });

  test('two private addresses within the hour: medium, listing the calls from both', async () => {
    const events = [use(0, 'a', '10.0.1.50'), use(300, 'b', '10.0.1.50'), use(1200, 'c', '10.0.7.9')];
    const fired = await run([events]);
    expect(eventIds(fired)).toEqual(idsOf(events));
    expect(fired[0]).toMatchObject({ severity: 'medium', dedupKey: `session:${SESSION} addresses` });
    expect(fired[0]!.evidence).toMatchObject({ sourceIps: '10.0.1.50, 10.0.7.9', distinctSourceIps: 2 });
  });

  test('two public addresses fire; its private address and one public egress (the normal pair) do not', async () => {
    expect(await run([[use(0, 'a', '52.40.1.1'), use(60, 'b', '52.40.9.9')]])).toHaveLength(2);
    expect(await run([[use(0, 'a', '10.0.1.50'), use(60, 'b', '52.40.1.1'), use(120, 'c', '10.0.1.50')]])).toEqual([]);
  });

  test('threshold edge: the second address within the hour fires, after it does not', async () => {
    expect(await run([[use(0, 'a', '10.0.1.50'), use(3599, 'b', '10.0.7.9')]])).toHaveLength(2);
    expect(await run([[use(0, 'a', '10.0.1.50'), use(3600, 'b', '10.0.7.9')]])).toEqual([]);
  });

  test('redelivered, out-of-order calls give the same events', async () => {
    const events = [use(0, 'a', '10.0.1.50'), use(100, 'b', '10.0.1.50'), use(200, 'c', '10.0.3.3'), use(9000, 'd', '10.0.4.4')];
    expect(eventIds(await run(redelivered(events, 2)))).toEqual(eventIds(await run([events])));
    expect(eventIds(await run([events]))).toEqual(new Set(['a', 'b', 'c']));
  });
});
