import type { CloudTrailEnvelope } from '../../shared/detections';
import { loadCaptured } from '../helpers/capturedEvent';

/*
 * A week of an ordinary account's CloudTrail, generated deterministically: what Vigil must watch
 * without paging anyone once its baselines have warmed up. Not a test file (jest's testMatch is
 * *.test.ts). Every record is built on a captured one (tests/events/cloudtrail/) and the tests parse
 * them all through the security detector's schema.
 *
 * Who does what (UTC, from Monday 2026-11-02):
 * - four developers (IAM users with MFA): a console sign-in each workday morning, a typo now and
 *   then, forty read calls through the day, an occasional AccessDenied, an SSM session or two, a
 *   secret read while debugging;
 * - the orders-api role: three secrets every hour (cache refresh), 4 MB object reads six times an
 *   hour from 07:00 to 20:00, a fresh session name every hour;
 * - the nightly-export role: 1.5 GB of reads between 02:00 and 02:10 every night;
 * - the patch automation role: SSM AWS-RunPatchBaseline on twenty instances every night at 03:00;
 * - app users signing in to the Cognito user pool from all over, one in twenty after a typo.
 */

export const ACCOUNT = '111122223333';
export const WEEK_START = Date.parse('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MB = 1_000_000;

type Json = Record<string, any>;

const apiCall = loadCaptured('cloudtrail', 'api-call-iam-user') as Json;
const signIn = loadCaptured('cloudtrail', 'console-login-iam-user-mfa') as Json;
const getObjectTemplate = loadCaptured('cloudtrail', 's3-get-object') as Json;
const cognitoFailure = loadCaptured('cloudtrail', 'cognito-initiate-auth-not-authorized') as Json;

/** A deterministic generator (an LCG), so a failing scenario is reproducible. */
export class Dice {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.state / 2 ** 31;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

let serial = 0;
const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');

/** An envelope around `detail` at `time`: ids are deterministic, unique per generated event. */
function envelope(template: Json, time: number, detail: Json, source: string): CloudTrailEnvelope {
  serial += 1;
  const id = `00000000-0000-4000-a000-${String(serial).padStart(12, '0')}`;
  return {
    ...template,
    id,
    time: iso(time),
    source,
    region: detail.awsRegion ?? 'eu-west-1',
    detail: { ...detail, eventTime: iso(time), eventID: `10000000-0000-4000-a000-${String(serial).padStart(12, '0')}` },
  } as CloudTrailEnvelope;
}

const iamUser = (name: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(17, 'Q')
    .slice(0, 17)}`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  accessKeyId: `AKIA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(16, 'K')
    .slice(0, 16)}`,
  userName: name,
});

const assumedRole = (role: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAROLE${role
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 9)}:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAQ3KX7VNBAEXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAQ3KX7VNBREXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      accountId: ACCOUNT,
      userName: role,
    },
    attributes: { creationDate: iso(WEEK_START), mfaAuthenticated: 'false' },
  },
});

/** An API call (management event) by `identity` at `time`. */
export function call(
  identity: Json,
  time: number,
  eventSource: string,
  eventName: string,
  fields: { requestParameters?: Json | null; readOnly?: boolean; errorCode?: string; sourceIPAddress?: string; userAgent?: string } = {},
): CloudTrailEnvelope {
  const { errorCode, ...rest } = fields;
  const detail = {
    ...apiCall.detail,
    userIdentity: identity,
    eventSource,
    eventName,
    requestParameters: {},
    responseElements: null,
    readOnly: true,
    ...rest,
    ...(errorCode ? { errorCode, errorMessage: `User is not authorized to perform: ${eventName}` } : {}),
  };
  delete detail.requestID;
  return envelope(apiCall, time, detail, `aws.${eventSource.split('.')[0]}`);
}

/** A successful GetObject by `role` at `time`, reading `bytes`. */
export function getObject(
  identity: Json,
  time: number,
  bytes: number,
  bucket: string,
  sourceIPAddress = '10.20.14.37',
): CloudTrailEnvelope {
  const detail = {
    ...getObjectTemplate.detail,
    userIdentity: identity,
    sourceIPAddress,
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.eu-west-1.amazonaws.com`, key: `data/${serial}.parquet` },
    additionalEventData: { ...getObjectTemplate.detail.additionalEventData, bytesTransferredOut: bytes },
  };
  return envelope(getObjectTemplate, time, detail, 'aws.s3');
}

function consoleSignIn(user: string, time: number, outcome: 'Success' | 'Failure', sourceIPAddress: string): CloudTrailEnvelope {
  const detail = {
    ...signIn.detail,
    userIdentity: { ...iamUser(user), accessKeyId: '' },
    sourceIPAddress,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { ...signIn.detail.additionalEventData, MFAIdentifier: `arn:aws:iam::${ACCOUNT}:mfa/${user}`, MFAUsed: 'Yes' },
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  };
  return envelope(signIn, time, detail, 'aws.signin');
}

function cognitoSignIn(time: number, sub: string, sourceIPAddress: string, failed: boolean): CloudTrailEnvelope {
  const detail: Json = { ...cognitoFailure.detail, sourceIPAddress, additionalEventData: { sub } };
  if (!failed) {
    delete detail.errorCode;
    delete detail.errorMessage;
  }
  return envelope(cognitoFailure, time, detail, 'aws.cognito-idp');
}

const DEVELOPERS = ['k.tanaka', 'm.rossi', 's.okafor', 'l.nguyen'];
const READS: Array<[string, string]> = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['monitoring.amazonaws.com', 'GetMetricData'],
  ['iam.amazonaws.com', 'GetRole'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['logs.amazonaws.com', 'FilterLogEvents'],
  ['dynamodb.amazonaws.com', 'DescribeTable'],
  ['cloudformation.amazonaws.com', 'DescribeStacks'],
];

/** The benign week: `days` days (Monday to Friday by default) of the traffic above, sorted by event time. */
export function benignWeek(days = 5, seed = 11): CloudTrailEnvelope[] {
  const dice = new Dice(seed);
  const events: CloudTrailEnvelope[] = [];
  for (let day = 0; day < days; day++) {
    const midnight = WEEK_START + day * DAY;
    const workday = day % 7 < 5;
    // Developers.
    DEVELOPERS.forEach((name, d) => {
      if (!workday) return;
      const office = `203.0.113.${10 + d}`;
      const morning = midnight + 8 * HOUR + dice.int(40) * 60_000;
      if (dice.next() < 0.25) events.push(consoleSignIn(name, morning - 60_000, 'Failure', office));
      events.push(consoleSignIn(name, morning, 'Success', office));
      for (let i = 0; i < 40; i++) {
        const [source, name_] = dice.pick(READS);
        events.push(call(iamUser(name), morning + dice.int(9 * 60) * 60_000, source, name_, { sourceIPAddress: office }));
      }
      for (let i = 0; i < dice.int(3); i++) {
        const time = morning + dice.int(8 * 60) * 60_000;
        events.push(call(iamUser(name), time, 'iam.amazonaws.com', 'ListRoles', { sourceIPAddress: office, errorCode: 'AccessDenied' }));
      }
      for (let i = 0; i < dice.int(3); i++) {
        const time = morning + dice.int(8 * 60) * 60_000;
        const target = `i-0${(d * 7 + i).toString(16).padStart(16, 'a')}`;
        events.push(
          call(iamUser(name), time, 'ssm.amazonaws.com', 'StartSession', {
            sourceIPAddress: office,
            readOnly: false,
            requestParameters: { target },
          }),
        );
      }
      if (dice.next() < 0.5) {
        const time = morning + dice.int(8 * 60) * 60_000;
        events.push(
          call(iamUser(name), time, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
            sourceIPAddress: office,
            requestParameters: { secretId: `dev/${name}/scratch-db` },
          }),
        );
      }
    });
    // The orders-api service.
    for (let hour = 0; hour < 24; hour++) {
      const role = assumedRole('orders-api', `orders-api-${day}-${hour}`);
      const top = midnight + hour * HOUR;
      for (const secret of ['prod/orders/db', 'prod/orders/stripe', 'prod/orders/jwt-signing']) {
        events.push(
          call(role, top + dice.int(5) * 60_000, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
            sourceIPAddress: '10.20.31.18',
            requestParameters: { secretId: secret },
          }),
        );
      }
      if (hour >= 7 && hour < 20) {
        for (let i = 0; i < 6; i++)
          events.push(getObject(role, top + i * 10 * 60_000 + dice.int(60_000), 4 * MB, 'orders-invoices-111122223333'));
      }
    }
    // The nightly export: 150 reads of 10 MB between 02:00 and 02:10.
    const exporter = assumedRole('nightly-export', `nightly-export-${day}`);
    for (let i = 0; i < 150; i++) events.push(getObject(exporter, midnight + 2 * HOUR + i * 4000, 10 * MB, 'ledger-archive-111122223333'));
    // Patch automation.
    const patcher = assumedRole('patch-automation', `patch-${day}`);
    events.push(
      call(patcher, midnight + 3 * HOUR, 'ssm.amazonaws.com', 'SendCommand', {
        readOnly: false,
        sourceIPAddress: 'ssm.amazonaws.com',
        requestParameters: {
          documentName: 'AWS-RunPatchBaseline',
          instanceIds: Array.from({ length: 20 }, (_, i) => `i-0${i}abcdef12345678`),
        },
      }),
    );
    // App users signing in.
    for (let u = 0; u < 60; u++) {
      const time = midnight + (6 + dice.int(16)) * HOUR + dice.int(60) * 60_000;
      const sub = `0000${u.toString(16).padStart(4, '0')}-94e5-4788-ae45-c5f838ba5644`;
      const ip = `198.51.100.${dice.int(250) + 1}`;
      if (dice.next() < 0.05) events.push(cognitoSignIn(time - 30_000, sub, ip, true));
      events.push(cognitoSignIn(time, sub, ip, false));
    }
  }
  return events.sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
}

/** Attacks on day `day` of the week, each raising one detection; keys are the detections expected. */
export function attacksOn(day: number): Record<string, CloudTrailEnvelope[]> {
  const at = WEEK_START + day * DAY + 15 * HOUR;
  const stolen = iamUser('m.rossi');
  const outside = '185.220.101.34';
  return {
    // m.rossi's keys used from outside: 3 GB of invoices in ten minutes.
    's3-getobject-volume-spike': Array.from({ length: 300 }, (_, i) =>
      getObject(stolen, at + i * 2000, 10 * MB, 'orders-invoices-111122223333', outside),
    ),
    // ... and a sweep of every secret in the account.
    'secrets-bulk-retrieval': Array.from({ length: 30 }, (_, i) =>
      call(stolen, at + 20 * 60_000 + i * 10_000, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
        sourceIPAddress: outside,
        requestParameters: { secretId: `prod/service-${i}/credentials` },
      }),
    ),
    // ... then logging stopped.
    'cloudtrail-stopped-or-deleted': [
      call(stolen, at + 40 * 60_000, 'cloudtrail.amazonaws.com', 'StopLogging', {
        readOnly: false,
        sourceIPAddress: outside,
        requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-audit-trail` },
      }),
    ],
  };
}
