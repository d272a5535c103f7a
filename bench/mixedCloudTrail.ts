import type { EventBridgeEvent } from '../shared/events/envelope';

/**
 * A deterministic day of CloudTrail as the security detector sees it (EventBridge events): mostly
 * routine reads by a handful of roles, S3 data events (GetObject, PutObject), console sign-ins (with
 * MFA, a few mistyped passwords), service calls, and a few attacks that fire detections (a stopped
 * trail, a brute force then success, a public bucket policy, a key for another user, root signing in,
 * a denied-call burst). The same `count` and `seed` always give the same events, in time order.
 */
export interface MixedCapture {
  events: EventBridgeEvent[];
  /** Events by kind, for the report. */
  mix: Record<'read' | 'dataEvent' | 'consoleLogin' | 'serviceCall' | 'attack', number>;
}

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const DAY_START = Date.parse('2026-11-20T00:00:00Z');

/** A small LCG: reproducible, no dependency. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Identity = Record<string, unknown>;

const role = (name: string, session: string): Identity => ({
  type: 'AssumedRole',
  principalId: `AROAQ${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(16, 'X')
    .slice(0, 16)}:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAQEXAMPLEKEY12345',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAQEXAMPLEROLE1234',
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      accountId: ACCOUNT,
      userName: name,
    },
    attributes: { creationDate: '2026-11-20T00:00:00Z', mfaAuthenticated: 'false' },
  },
});
const user = (name: string): Identity => ({
  type: 'IAMUser',
  principalId: `AIDAQ${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(16, 'X')
    .slice(0, 16)}`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAQEXAMPLEKEY12345',
  userName: name,
});

const ROLES = [
  role('app-backend', 'i-0a1b2c3d4e5f60718'),
  role('report-export-job', 'nightly'),
  role('ci-deploy', 'github-actions-4411'),
  role('monitoring-reader', 'grafana'),
  role('data-pipeline', 'glue-job-17'),
];
const PEOPLE = ['dana.ops', 'marco.b', 'j.moreau', 'k.tanaka', 'lee', 'sam.ruiz', 'ola.n', 'priya.k'];
const READS: Array<[string, string, Record<string, unknown>]> = [
  ['ec2.amazonaws.com', 'DescribeInstances', { maxResults: 100 }],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', {}],
  ['ec2.amazonaws.com', 'DescribeVolumes', {}],
  ['iam.amazonaws.com', 'GetRole', { roleName: 'app-backend' }],
  ['iam.amazonaws.com', 'ListRoles', {}],
  ['sts.amazonaws.com', 'GetCallerIdentity', {}],
  ['s3.amazonaws.com', 'ListBuckets', {}],
  ['s3.amazonaws.com', 'GetBucketLocation', { bucketName: 'vigil-exports-111122223333' }],
  ['cloudtrail.amazonaws.com', 'DescribeTrails', {}],
  ['lambda.amazonaws.com', 'GetFunction', { functionName: 'orders-api' }],
  ['logs.amazonaws.com', 'DescribeLogGroups', {}],
  ['dynamodb.amazonaws.com', 'DescribeTable', { tableName: 'orders' }],
  ['cloudwatch.amazonaws.com', 'GetMetricData', {}],
  ['sagemaker.amazonaws.com', 'DescribeEndpoint', { endpointName: 'fraud-scorer' }],
];
const SERVICE_CALLS: Array<[string, string, Record<string, unknown>, boolean]> = [
  ['kms.amazonaws.com', 'Decrypt', { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, true],
  ['kms.amazonaws.com', 'GenerateDataKey', { keySpec: 'AES_256' }, true],
  ['sts.amazonaws.com', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-backend`, roleSessionName: 'app' }, false],
  ['ec2.amazonaws.com', 'CreateTags', { resourcesSet: { items: [{ resourceId: 'i-0a1b2c3d4e5f60718' }] } }, false],
  ['lambda.amazonaws.com', 'Invoke', { functionName: 'orders-api' }, false],
];

function envelope(id: string, source: string, detailType: string, detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: ACCOUNT,
    time: String(detail.eventTime).replace('.000Z', 'Z'),
    region: REGION,
    resources: [],
    detail,
  };
}

function record(
  i: number,
  time: number,
  identity: Identity,
  eventSource: string,
  eventName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: new Date(time).toISOString().replace('.000Z', 'Z'),
    eventSource,
    eventName,
    awsRegion: REGION,
    sourceIPAddress: identity.type === 'AssumedRole' ? '10.20.3.41' : '198.51.100.77',
    userAgent:
      identity.type === 'AssumedRole' ? 'aws-sdk-js/3.1164.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0' : 'aws-cli/2.17.0 Python/3.12.4',
    requestParameters: {},
    responseElements: null,
    requestID: `REQ${String(i).padStart(13, '0')}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

const apiCall = (i: number, time: number, identity: Identity, source: string, name: string, extra: Record<string, unknown> = {}) =>
  envelope(`bench-${i}`, `aws.${source.split('.')[0]}`, 'AWS API Call via CloudTrail', record(i, time, identity, source, name, extra));

function consoleLogin(i: number, time: number, person: string, outcome: 'Success' | 'Failure', mfa: boolean, ip = '198.51.100.77') {
  const detail = record(i, time, user(person), 'signin.amazonaws.com', 'ConsoleLogin', {
    sourceIPAddress: ip,
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
    requestParameters: null,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa ? 'Yes' : 'No' },
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  });
  delete detail.requestID;
  return envelope(`bench-${i}`, 'aws.signin', 'AWS Console Sign In via CloudTrail', detail);
}

/** A few attacks, each a short run of events starting at `i`; returns how many it wrote. */
function attack(kind: number, i: number, time: number, out: EventBridgeEvent[]): number {
  const leaked = user('j.moreau');
  const from = { sourceIPAddress: '203.0.113.99', userAgent: 'aws-cli/2.13.0 Python/3.11.4 Linux/6.5.0-kali3-amd64' };
  switch (kind % 6) {
    case 0:
      out.push(
        apiCall(i, time, leaked, 'cloudtrail.amazonaws.com', 'StopLogging', {
          ...from,
          readOnly: false,
          requestParameters: { name: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-audit-trail` },
        }),
      );
      return 1;
    case 1: {
      // Six wrong passwords in six minutes, then the right one, without MFA.
      const victim = PEOPLE[kind % PEOPLE.length]!;
      for (let k = 0; k < 6; k++) out.push(consoleLogin(i + k, time + k * 60_000, victim, 'Failure', false, '192.0.2.77'));
      out.push(consoleLogin(i + 6, time + 7 * 60_000, victim, 'Success', false, '192.0.2.77'));
      return 7;
    }
    case 2:
      out.push(
        apiCall(i, time, leaked, 's3.amazonaws.com', 'PutBucketPolicy', {
          ...from,
          readOnly: false,
          requestParameters: {
            bucketName: 'vigil-exports-111122223333',
            bucketPolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::vigil-exports-111122223333/*' },
              ],
            },
          },
        }),
      );
      return 1;
    case 3:
      out.push(
        apiCall(i, time, leaked, 'iam.amazonaws.com', 'CreateAccessKey', {
          ...from,
          readOnly: false,
          requestParameters: { userName: 'svc-backup' },
          responseElements: { accessKey: { userName: 'svc-backup', accessKeyId: 'AKIAQNEWKEY000000001', status: 'Active' } },
        }),
      );
      return 1;
    case 4: {
      const detail = record(
        i,
        time,
        { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
        'signin.amazonaws.com',
        'ConsoleLogin',
        {
          sourceIPAddress: '203.0.113.45',
          requestParameters: null,
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MobileVersion: 'No', MFAUsed: 'Yes' },
          readOnly: false,
          eventType: 'AwsConsoleSignIn',
        },
      );
      out.push(envelope(`bench-${i}`, 'aws.signin', 'AWS Console Sign In via CloudTrail', detail));
      return 1;
    }
    default: {
      // Reconnaissance with stolen keys: 20 denied calls in two minutes.
      for (let k = 0; k < 20; k++) {
        const [source, name] = READS[k % READS.length]!;
        out.push(
          apiCall(i + k, time + k * 6_000, leaked, source, name, {
            ...from,
            errorCode: k % 2 ? 'AccessDenied' : 'UnauthorizedOperation',
            errorMessage: 'User is not authorized to perform this operation',
          }),
        );
      }
      return 20;
    }
  }
}

/** `count` events over one day (2026-11-20); one attack every `attackEvery` events. */
export function mixedCloudTrail(count: number, seed = 20_261_120, attackEvery = 5_000): MixedCapture {
  const next = random(seed);
  const events: EventBridgeEvent[] = [];
  const mix = { read: 0, dataEvent: 0, consoleLogin: 0, serviceCall: 0, attack: 0 };
  const step = 86_400_000 / count;
  let attacks = 0;
  for (let i = 0; events.length < count; i = events.length) {
    const time = Math.floor(DAY_START + i * step);
    if (i > 0 && i % attackEvery === 0 && count - i > 20) {
      const n = attack(attacks++, i, time, events);
      mix.attack += n;
      continue;
    }
    const r = next();
    const who = ROLES[Math.floor(next() * ROLES.length)]!;
    if (r < 0.68) {
      const [source, name, params] = READS[Math.floor(next() * READS.length)]!;
      events.push(apiCall(i, time, who, source, name, { requestParameters: params }));
      mix.read += 1;
    } else if (r < 0.9) {
      const get = next() < 0.8;
      const key = `exports/2026/11/20/part-${String(Math.floor(next() * 5000)).padStart(5, '0')}.parquet`;
      const bytes = 10_000 + Math.floor(next() * 2_000_000);
      events.push(
        apiCall(i, time, who, 's3.amazonaws.com', get ? 'GetObject' : 'PutObject', {
          requestParameters: { bucketName: 'vigil-exports-111122223333', key },
          additionalEventData: get ? { bytesTransferredOut: bytes } : { bytesTransferredIn: bytes },
          readOnly: get,
          managementEvent: false,
          eventCategory: 'Data',
          resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::vigil-exports-111122223333/${key}` }],
        }),
      );
      mix.dataEvent += 1;
    } else if (r < 0.93) {
      const person = PEOPLE[Math.floor(next() * PEOPLE.length)]!;
      // Mostly right the first time, with MFA; now and then a mistyped password.
      const ok = next() < 0.9;
      events.push(consoleLogin(i, time, person, ok ? 'Success' : 'Failure', ok));
      mix.consoleLogin += 1;
    } else {
      const [source, name, params, readOnly] = SERVICE_CALLS[Math.floor(next() * SERVICE_CALLS.length)]!;
      events.push(apiCall(i, time, who, source, name, { requestParameters: params, readOnly }));
      mix.serviceCall += 1;
    }
  }
  return { events: events.slice(0, count), mix };
}
