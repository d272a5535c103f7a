import type { CloudTrailRecordLike } from '../../shared/detections';
import type { EventBridgeEvent } from '../../shared/events/envelope';

let counter = 0;

/** A CloudTrail record wrapped as EventBridge delivers it, with the fields a test does not care about filled in. */
export function cloudTrailEvent(
  overrides: Partial<CloudTrailRecordLike> & Pick<CloudTrailRecordLike, 'eventSource' | 'eventName'>,
  envelope: Partial<EventBridgeEvent<CloudTrailRecordLike>> = {},
): EventBridgeEvent<CloudTrailRecordLike> {
  counter += 1;
  const detail: CloudTrailRecordLike & { eventVersion: string } = {
    eventVersion: '1.09',
    eventTime: '2026-11-20T10:00:00Z',
    awsRegion: 'eu-west-1',
    eventID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.17.0',
    recipientAccountId: '111122223333',
    eventType: 'AwsApiCall',
    requestParameters: {},
    responseElements: null,
    ...overrides,
  };
  const service = detail.eventSource.split('.')[0];
  return {
    version: '0',
    id: `evt-${counter}`,
    'detail-type': service === 'signin' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: '111122223333',
    time: detail.eventTime,
    region: detail.awsRegion,
    resources: [],
    detail,
    ...envelope,
  };
}
