import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { CloudTrailWrapError } from './errors';
import { cloudTrailEventId } from './eventId';
import { describeType } from './quarantine';

/**
 * How EventBridge wraps a CloudTrail record, by the record's eventType. Checked against the
 * EventBridge user guide ("AWS service events delivered via AWS CloudTrail",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html) and the
 * CloudTrail guide ("Non-API events captured by CloudTrail"; "CloudTrail record contents for Insights
 * events for trails"). That guide page spells the sign-in type "AWS Console Signin via CloudTrail";
 * delivered events and rule patterns (ours in events/rules/cloudtrail-activity.json included) use
 * "AWS Console Sign In via CloudTrail", which is what is used here.
 *
 * Data events (managementEvent false, eventCategory Data, e.g. S3 GetObject) are eventType
 * AwsApiCall too, and arrive as "AWS API Call via CloudTrail" like management calls.
 *
 * A map eventType → detail-type; the plain list of detail-types is CLOUDTRAIL_DETAIL_TYPES in
 * events/schemas/cloudtrail.ts.
 */
const DETAIL_TYPE_BY_EVENT_TYPE = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
  AwsCloudTrailInsight: 'AWS Insight via CloudTrail',
} as const;

type CloudTrailEventType = keyof typeof DETAIL_TYPE_BY_EVENT_TYPE;
type CloudTrailDetailType = (typeof DETAIL_TYPE_BY_EVENT_TYPE)[CloudTrailEventType];

/** A raw CloudTrail record (one element of a log file's "Records"). Kept loose: it is validated here. */
type CloudTrailRecord = Record<string, unknown>;

/** Insights events have no top-level eventSource (it sits in insightDetails); EventBridge sends them as aws.cloudtrail. */
const INSIGHT_SOURCE = 'aws.cloudtrail';

/** `<service>.amazonaws.com` → `aws.<service>` (signin.amazonaws.com → aws.signin, cognito-idp... → aws.cognito-idp). */
const EVENT_SOURCE_RE = /^([a-z0-9][a-z0-9.-]*)\.amazonaws\.com$/;

/** What a CloudTrail eventType looks like (AwsApiCall, AwsVpceEvent, ...): safe to name in a reason. */
const EVENT_TYPE_NAME_RE = /^Aws[A-Za-z]{1,60}$/;

/** Fields every CloudTrail record carries and no EventBridge envelope does at top level. */
const CLOUDTRAIL_MARKERS = [
  'eventVersion',
  'eventSource',
  'eventName',
  'eventTime',
  'eventID',
  'eventType',
  'userIdentity',
  'recipientAccountId',
];

/** True when an object has the shape of a CloudTrail record (at least one CloudTrail field). */
function looksLikeCloudTrailRecord(value: Record<string, unknown>): boolean {
  return CLOUDTRAIL_MARKERS.some((k) => k in value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * The detail-type EventBridge gives a record. A record without eventType (very old records) is
 * taken as a console sign-in when it comes from signin.amazonaws.com, as an API call otherwise.
 */
function cloudTrailDetailType(record: CloudTrailRecord): CloudTrailDetailType {
  const eventType = record.eventType;
  if (eventType === undefined || eventType === null) {
    const signIn = record.eventSource === 'signin.amazonaws.com';
    return signIn ? DETAIL_TYPE_BY_EVENT_TYPE.AwsConsoleSignIn : DETAIL_TYPE_BY_EVENT_TYPE.AwsApiCall;
  }
  if (typeof eventType !== 'string') throw new CloudTrailWrapError(`"eventType" must be a string, got ${describeType(eventType)}`);
  if (!Object.hasOwn(DETAIL_TYPE_BY_EVENT_TYPE, eventType)) {
    // Named only when it looks like a CloudTrail eventType: a reason never quotes arbitrary input.
    const named = EVENT_TYPE_NAME_RE.test(eventType) ? ` "${eventType}"` : ' (not a CloudTrail eventType name)';
    throw new CloudTrailWrapError(`unsupported eventType${named} (no EventBridge detail-type is known for it)`);
  }
  return DETAIL_TYPE_BY_EVENT_TYPE[eventType as CloudTrailEventType];
}

/** The envelope source: `aws.<service>` from eventSource `<service>.amazonaws.com`; aws.cloudtrail for Insights. */
function cloudTrailSource(record: CloudTrailRecord): string {
  if (record.eventType === 'AwsCloudTrailInsight') return INSIGHT_SOURCE;
  const eventSource = record.eventSource;
  if (eventSource === undefined || eventSource === null) throw new CloudTrailWrapError('missing "eventSource"');
  if (typeof eventSource !== 'string') throw new CloudTrailWrapError(`"eventSource" must be a string, got ${describeType(eventSource)}`);
  const m = EVENT_SOURCE_RE.exec(eventSource);
  if (!m) throw new CloudTrailWrapError('"eventSource" is not an AWS service endpoint (<service>.amazonaws.com)');
  return `aws.${m[1]}`;
}

function cloudTrailTime(record: CloudTrailRecord): string {
  const eventTime = record.eventTime;
  if (eventTime === undefined || eventTime === null) throw new CloudTrailWrapError('missing "eventTime"');
  if (typeof eventTime !== 'string') throw new CloudTrailWrapError(`"eventTime" must be a string, got ${describeType(eventTime)}`);
  if (Number.isNaN(Date.parse(eventTime))) throw new CloudTrailWrapError('"eventTime" is not a timestamp');
  return eventTime;
}

function cloudTrailAccount(record: CloudTrailRecord): string {
  const recipient = record.recipientAccountId;
  if (nonEmptyString(recipient)) return recipient;
  const identity = record.userIdentity;
  if (isObject(identity) && nonEmptyString(identity.accountId)) return identity.accountId;
  throw new CloudTrailWrapError('no account: neither "recipientAccountId" nor "userIdentity.accountId" is set');
}

function cloudTrailRegion(record: CloudTrailRecord): string {
  const region = record.awsRegion;
  if (nonEmptyString(region)) return region;
  if (region === undefined || region === null) throw new CloudTrailWrapError('missing "awsRegion"');
  throw new CloudTrailWrapError(
    typeof region === 'string' ? '"awsRegion" is empty' : `"awsRegion" must be a string, got ${describeType(region)}`,
  );
}

/**
 * Wraps a raw CloudTrail record the way EventBridge delivers it: version "0", a deterministic id
 * (UUID v5 of the eventID), detail-type by eventType, source `aws.<service>`, account =
 * recipientAccountId (else userIdentity.accountId), time = eventTime, region = awsRegion,
 * resources = [] (EventBridge leaves them empty for CloudTrail events), detail = the record itself.
 * Throws CloudTrailWrapError, with the reason, for a record that cannot be wrapped.
 */
function wrapCloudTrailRecord(record: CloudTrailRecord): EventBridgeEvent<CloudTrailRecord, CloudTrailDetailType> {
  if (!isObject(record)) throw new CloudTrailWrapError('a CloudTrail record must be a JSON object');
  const detailType = cloudTrailDetailType(record);
  const source = cloudTrailSource(record);
  const time = cloudTrailTime(record);
  const account = cloudTrailAccount(record);
  const region = cloudTrailRegion(record);
  return {
    version: '0',
    id: cloudTrailEventId(record),
    'detail-type': detailType,
    source,
    account,
    time,
    region,
    resources: [],
    detail: record,
  };
}

export { DETAIL_TYPE_BY_EVENT_TYPE, looksLikeCloudTrailRecord, cloudTrailDetailType, cloudTrailSource, wrapCloudTrailRecord };
export type { CloudTrailEventType, CloudTrailDetailType, CloudTrailRecord };
