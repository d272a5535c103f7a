/**
 * Fixtures for the replay input tests: CloudTrail records and EventBridge events written for these
 * tests (documentation-range IPs, example account ids), and a temp directory to write capture files
 * into. Nothing is read from outside the test's own temp directory.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { EventBridgeEvent } from '../../../../shared/events/envelope';
import type { ReplayItem } from '../../../../infra/local/replay';

export const ACCOUNT = '111122223333';

export function consoleLoginRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00001',
      arn: `arn:aws:iam::${ACCOUNT}:user/maria`,
      accountId: ACCOUNT,
      userName: 'maria',
    },
    eventTime: '2026-03-02T08:15:42Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: '7a1c2e5b-0d4f-4e8a-9b6c-1f2e3d4c5b6a',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

export function apiCallRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEROLE00001:deploy',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/deploy`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEKEY000001',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`, accountId: ACCOUNT, userName: 'ci-deployer' },
        attributes: { creationDate: '2026-03-02T09:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-03-02T09:03:11Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.40',
    userAgent: 'aws-cli/2.17.0 Python/3.12 Linux',
    requestParameters: { userName: 'svc-backup' },
    responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEKEY000002', status: 'Active', userName: 'svc-backup' } },
    requestID: '0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b',
    eventID: 'c3b2a190-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

export function serviceEventRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { accountId: ACCOUNT },
    eventTime: '2026-03-02T10:20:30Z',
    eventSource: 'cognito-idp.amazonaws.com',
    eventName: 'Login_GET',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '192.0.2.77',
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: null,
    additionalEventData: { responseParameters: { status: 200 }, userPoolDomain: 'auth.example.com', userPoolId: 'eu-west-1_EXAMPLE1' },
    eventID: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    readOnly: true,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    serviceEventDetails: { serviceAccountId: '444455556666' },
    eventCategory: 'Management',
    ...overrides,
  };
}

export function dataEventRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00002',
      arn: `arn:aws:iam::${ACCOUNT}:user/analyst`,
      accountId: ACCOUNT,
      userName: 'analyst',
    },
    eventTime: '2026-03-02T11:45:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'eu-central-1',
    sourceIPAddress: '198.51.100.200',
    userAgent: '[aws-sdk-js/3.700.0]',
    requestParameters: { bucketName: 'customer-exports', key: 'exports/2026-03/full.csv' },
    responseElements: null,
    additionalEventData: { bytesTransferredOut: 1048576 },
    requestID: 'EXAMPLE0REQUEST1',
    eventID: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    readOnly: true,
    resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::customer-exports/exports/2026-03/full.csv' }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Data',
    ...overrides,
  };
}

export function insightRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventTime: '2026-03-02T12:00:00Z',
    awsRegion: 'us-east-2',
    eventID: '2b1a0f9e-8d7c-46b5-a493-8271605f4e3d',
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: ACCOUNT,
    sharedEventID: '12345678-90ab-4cde-8f01-23456789abcd',
    insightDetails: {
      state: 'Start',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      insightType: 'ApiCallRateInsight',
      insightContext: { statistics: { baseline: { average: 0.02 }, insight: { average: 6.5 } } },
    },
    eventCategory: 'Insight',
    ...overrides,
  };
}

export function guardDutyEvent(id: string, overrides: Record<string, unknown> = {}): EventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: ACCOUNT,
    time: '2026-03-02T13:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: { schemaVersion: '2.0', type: 'Recon:IAMUser/MaliciousIPCaller', severity: 5, id: `finding-${id}` },
    ...overrides,
  } as EventBridgeEvent;
}

/** A temp directory for one test file; `write` creates parent directories and gzips on request. */
export class TempDir {
  readonly root = mkdtempSync(join(tmpdir(), 'vigil-replay-'));

  path(rel: string): string {
    return join(this.root, rel);
  }

  write(rel: string, content: string | Buffer, opts: { gzip?: boolean } = {}): string {
    const p = this.path(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, opts.gzip ? gzipSync(content) : content);
    return p;
  }

  mkdir(rel: string): string {
    const p = this.path(rel);
    mkdirSync(p, { recursive: true });
    return p;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const jsonl = (values: unknown[]): string => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;

export async function collect(gen: AsyncIterable<ReplayItem>): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  for await (const item of gen) items.push(item);
  return items;
}

export function events(items: ReplayItem[]): EventBridgeEvent[] {
  return items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
}

export function quarantinedItems(items: ReplayItem[]): Extract<ReplayItem, { kind: 'quarantined' }>[] {
  return items.flatMap((i) => (i.kind === 'quarantined' ? [i] : []));
}
