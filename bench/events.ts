import type { EventBridgeEvent } from '../shared/events/envelope';

/** A mix of the events the rules see in production: CloudTrail management and data events, sign-ins, and traffic no rule wants. */
export function benchEvents(): EventBridgeEvent[] {
  const base = { version: '0', account: '111122223333', region: 'eu-west-1', resources: [] as string[] };
  const record = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:deploy',
      arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/deploy',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLEKEY',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEID',
          arn: 'arn:aws:iam::111122223333:role/ci-deploy',
          accountId: '111122223333',
          userName: 'ci-deploy',
        },
        attributes: { creationDate: '2026-11-20T08:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-11-20T09:15:02Z',
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.17.0 Python/3.12.4 Linux/6.1 exe/x86_64',
    requestParameters: { bucketName: 'vigil-bench-data', key: 'exports/2026/11/20/part-0001.parquet' },
    responseElements: null,
    requestID: 'EXAMPLE1234567890',
    eventID: '0f7c8e2a-3b1d-4c5e-9f60-7a8b9c0d1e2f',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
    ...extra,
  });
  return [
    {
      ...base,
      id: 'a1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      time: '2026-11-20T09:15:02Z',
      detail: record('s3.amazonaws.com', 'GetObject', { additionalEventData: { bytesTransferredOut: 1048576 } }),
    },
    {
      ...base,
      id: 'a2',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.cloudtrail',
      time: '2026-11-20T09:16:00Z',
      detail: record('cloudtrail.amazonaws.com', 'StopLogging', {
        requestParameters: { name: 'org-trail' },
        managementEvent: true,
        readOnly: false,
      }),
    },
    {
      ...base,
      id: 'a3',
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      time: '2026-11-20T09:17:00Z',
      detail: record('signin.amazonaws.com', 'ConsoleLogin', {
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'Yes' },
      }),
    },
    {
      ...base,
      id: 'a4',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      time: '2026-11-20T09:18:00Z',
      detail: { 'instance-id': 'i-0123456789abcdef0', state: 'running' },
    },
    {
      ...base,
      id: 'a5',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.ec2',
      time: '2026-11-20T09:19:00Z',
      detail: record('ec2.amazonaws.com', 'DescribeInstances', { requestParameters: { maxResults: 100 } }),
    },
  ];
}
