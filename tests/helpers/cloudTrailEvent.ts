import type { CloudTrailRecord } from '../../shared/detections';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import { loadCaptured, parseOrExplain } from './capturedEvent';
import { CloudTrailEventSchema } from '../../events/schemas';

let counter = 0;

/**
 * What a record says about the call itself. The factory drops these from the captured base, so a
 * StopLogging built on a DescribeTrails capture does not inherit its parameters, readOnly or response;
 * the test gives them. Without overrides: requestParameters {}, responseElements null (as before).
 */
const CALL_FIELDS = [
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'errorCode',
  'errorMessage',
  'requestID',
  'readOnly',
  'resources',
  'serviceEventDetails',
  'sharedEventID',
] as const;

/** Base captures: who called, from where, with which client (tests/events/cloudtrail/). */
const BASE_VARIANT = {
  // IAM user alice, aws-cli, eu-west-1, 2026-11-20T10:00:00Z.
  apiCall: 'api-call-iam-user',
  // An IAM user's console sign-in (eventType AwsConsoleSignIn).
  signIn: 'console-login-iam-user-mfa',
};

/**
 * A CloudTrail record wrapped as EventBridge delivers it, built on a captured record
 * (tests/events/cloudtrail/) and parsed through CloudTrailEventSchema: it throws, naming the fields,
 * when the security detector would quarantine the event instead of evaluating it.
 *
 * `overrides` replace whole top-level record fields (shallow); `envelope` replaces envelope fields.
 * For a named capture with deep-merged overrides use cloudTrailCaptured (tests/helpers/capturedEvent.ts).
 */
export function cloudTrailEvent(
  overrides: Partial<CloudTrailRecord> & Pick<CloudTrailRecord, 'eventSource' | 'eventName'>,
  envelope: Partial<EventBridgeEvent<CloudTrailRecord>> = {},
): EventBridgeEvent<CloudTrailRecord> {
  counter += 1;
  const service = overrides.eventSource.split('.')[0];
  const variant = service === 'signin' ? BASE_VARIANT.signIn : BASE_VARIANT.apiCall;
  const base = loadCaptured('cloudtrail', variant) as unknown as EventBridgeEvent<Record<string, unknown>>;
  const captured = { ...base.detail };
  for (const field of CALL_FIELDS) delete captured[field];
  const detail = {
    ...captured,
    eventID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    requestParameters: {},
    responseElements: null,
    ...overrides,
  } as CloudTrailRecord;
  const event = {
    ...base,
    id: `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`,
    'detail-type': detailTypeOf(service, detail.eventType),
    source: `aws.${service}`,
    time: detail.eventTime,
    region: detail.awsRegion,
    detail,
    ...envelope,
  };
  const what = `cloudTrailEvent(${detail.eventSource} ${detail.eventName}) on tests/events/cloudtrail/${variant}.json`;
  return parseOrExplain(CloudTrailEventSchema, event, what) as EventBridgeEvent<CloudTrailRecord>;
}

function detailTypeOf(service: string | undefined, eventType: string | undefined): string {
  if (service === 'signin' || eventType === 'AwsConsoleSignIn') return 'AWS Console Sign In via CloudTrail';
  if (eventType === 'AwsServiceEvent') return 'AWS Service Event via CloudTrail';
  return 'AWS API Call via CloudTrail';
}
