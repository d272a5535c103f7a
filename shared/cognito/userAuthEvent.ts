import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  COGNITO_AUTH_DETAIL_TYPE,
  COGNITO_AUTH_EVENT_TYPE,
  COGNITO_AUTH_RECORD_VERSION,
  COGNITO_AUTH_SOURCE,
  COGNITO_IDP_EVENT_SOURCE,
  COGNITO_USER_IDENTITY_TYPE,
  CognitoAuthDetailSchema,
  CognitoAuthVerdictSchema,
  CognitoUserAuthLogSchema,
  type CognitoAuthDetail,
  type CognitoAuthVerdict,
  type CognitoUserAuthLog,
} from '../../events/schemas/cognitoAuthEvent';
import type { CloudTrailRecord } from '../../events/schemas/cloudtrail';
import { jsonErrorReason } from '../events/jsonErrorReason';
import { describeIssues } from '../ingest';

/** Where a log event was read: the subscription payload's owner, group and stream, and the log event itself. */
export interface LogEventPlace {
  /** The account that owns the log group (the pool's account: Cognito exports to a group of its own account). */
  owner: string;
  logGroup: string;
  logStream: string;
  logEventId: string;
  /** The log event's timestamp (epoch ms): the event time when the record carries none. */
  timestamp: number;
}

/** One auth event as the bridge publishes it: the PutEvents Time, Resources and Detail. */
export interface BridgedAuthEvent {
  time: Date;
  resources: string[];
  detail: CognitoAuthDetail;
}

export type LogEventReading = { ok: true; event: BridgedAuthEvent } | { ok: false; reason: string };

/** The region of a user pool: its id is `<region>_<id>`. */
export function regionOfUserPool(userPoolId: string): string {
  return userPoolId.slice(0, userPoolId.lastIndexOf('_'));
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function userPoolArn(userPoolId: string, account: string): string {
  const region = regionOfUserPool(userPoolId);
  return `arn:${partitionOf(region)}:cognito-idp:${region}:${account}:userpool/${userPoolId}`;
}

/** Drops the keys whose value is undefined (the bridged record holds what the event said, nothing else). */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** "Password:Success" (the name alone when the export gives no response). */
const challengeText = (c: { challengeName: string; challengeResponse?: string }) =>
  c.challengeResponse === undefined ? c.challengeName : `${c.challengeName}:${c.challengeResponse}`;

/**
 * The bridged record of one export record: CloudTrail-compatible (events/schemas/cognitoAuthEvent.ts).
 * Reads the documented flat message first, then the nested AuthEventType shape (eventRisk,
 * eventContextData, challengeResponses, eventFeedback) for what the flat fields do not say. The time
 * is the record's eventTimestamp (message.creationDate is Java-style text, not read), else the log
 * event's. The user name is not carried over; the sub names the user.
 */
export function bridgeAuthEvent(log: CognitoUserAuthLog, place: LogEventPlace): BridgedAuthEvent {
  const message = log.message;
  // The schema refuses a record with neither (superRefine).
  const userPoolId = (log.logSourceId?.userPoolId ?? message.userPoolId)!;
  const risk = message.eventRisk ?? {};
  const context = message.eventContextData ?? {};
  const stated = new Date(log.eventTimestamp ?? message.eventTimestamp ?? place.timestamp);
  const time = Number.isFinite(stated.getTime()) ? stated : new Date(place.timestamp);
  const compromised =
    message.compromisedCredentialDetected ??
    message.compromisedCredentialsDetected ??
    risk.compromisedCredentialsDetected ??
    risk.compromisedCredentialDetected;
  const verdict: CognitoAuthVerdict = defined({
    userPoolId,
    clientId: message.clientId,
    sub: message.userSub,
    eventResponse: message.eventResponse,
    riskLevel: message.riskLevel ?? risk.riskLevel,
    riskDecision: message.riskDecision ?? risk.riskDecision,
    compromisedCredentialsDetected: compromised ?? false,
    challenges: (message.challenges ?? message.challengeResponses ?? []).slice(0, 20).map(challengeText),
    deviceName: message.deviceName ?? context.deviceName,
    city: message.city ?? context.city,
    country: message.country ?? context.country,
    timezone: context.timezone,
    hasContextData: message.hasContextData,
    idpName: message.idpName,
    feedback: message.eventFeedbackValue ?? message.eventFeedback?.feedbackValue,
    logGroup: place.logGroup,
    logStream: place.logStream,
    logEventId: place.logEventId,
  });
  const detail: CognitoAuthDetail = defined({
    eventVersion: COGNITO_AUTH_RECORD_VERSION,
    userIdentity: defined({ type: COGNITO_USER_IDENTITY_TYPE, principalId: message.userSub, accountId: place.owner }),
    eventTime: time.toISOString(),
    eventSource: COGNITO_IDP_EVENT_SOURCE,
    eventName: message.eventType,
    awsRegion: regionOfUserPool(userPoolId),
    eventID: message.eventId,
    requestID: message.requestId,
    sourceIPAddress: message.ipAddress ?? context.ipAddress,
    eventType: COGNITO_AUTH_EVENT_TYPE,
    recipientAccountId: place.owner,
    additionalEventData: verdict,
  }) as CognitoAuthDetail;
  return { time, resources: [userPoolArn(userPoolId, place.owner)], detail };
}

/**
 * One log event's message to its bridged auth event, or the reason it cannot be one (invalid JSON,
 * not a userAuthEvents record). The reason names paths and kinds of error, never a value.
 */
export function readLogEvent(message: string, place: LogEventPlace): LogEventReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${jsonErrorReason(error)}` };
  }
  const result = CognitoUserAuthLogSchema.safeParse(parsed);
  if (!result.success) return { ok: false, reason: `not a userAuthEvents record: ${describeIssues(result.error)}` };
  const event = bridgeAuthEvent(result.data, place);
  // What leaves the bridge must pass the contract the detector reads it with (a pool id it cannot place, say).
  const own = CognitoAuthDetailSchema.safeParse(event.detail);
  if (!own.success) return { ok: false, reason: `its bridged record fails its contract: ${describeIssues(own.error)}` };
  return { ok: true, event };
}

/** The PutEvents entry of a bridged auth event. */
export function authEventEntry(event: BridgedAuthEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: COGNITO_AUTH_SOURCE,
    DetailType: COGNITO_AUTH_DETAIL_TYPE,
    Time: event.time,
    Resources: event.resources,
    Detail: JSON.stringify(event.detail),
  };
}

/** The threat-protection verdict of a bridged record, or undefined when the record is not one. */
export function verdictOf(record: CloudTrailRecord): CognitoAuthVerdict | undefined {
  if (record.eventType !== COGNITO_AUTH_EVENT_TYPE || record.eventSource !== COGNITO_IDP_EVENT_SOURCE) return undefined;
  const result = CognitoAuthVerdictSchema.safeParse(record.additionalEventData);
  return result.success ? result.data : undefined;
}
