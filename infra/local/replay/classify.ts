import type { CloudWatchLogsPayload } from '../../../events/schemas/cloudWatchLogs';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { decodeSubscriptionData, LogPayloadError, parsePayload } from '../../../shared/logs';
import { CloudTrailWrapError } from './errors';
import { EVENTBRIDGE_MAX_DEPTH, nestsDeeperThan } from './limits';
import { describeType } from './quarantine';
import { looksLikeCloudTrailRecord, wrapCloudTrailRecord } from './wrapCloudTrail';

/**
 * What one parsed JSON value is: an EventBridge event (validated, or a CloudTrail record wrapped
 * into one), a CloudTrail log file object whose "Records" are to be read one by one, a CloudWatch
 * Logs subscription payload, or neither (with the reason it was rejected).
 */
type Classified =
  | { kind: 'event'; event: EventBridgeEvent }
  | { kind: 'logs'; payload: CloudWatchLogsPayload }
  | { kind: 'records'; records: unknown[] }
  | { kind: 'rejected'; reason: string };

const TOO_DEEP = `detail nested more than ${EVENTBRIDGE_MAX_DEPTH} levels deep (more than EventBridge accepts)`;

const REQUIRED_STRINGS = ['id', 'detail-type', 'source', 'account', 'time', 'region'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks an EventBridge envelope. Required: id, detail-type, source, account, time (a timestamp),
 * region as non-empty strings, and detail as a JSON object. Lenient on the two fields hand-written
 * samples often leave out: a missing version becomes "0" and missing resources become [] (wrong
 * types there are still rejected). Returns the event, or the list of problems.
 */
function checkEventBridgeEvent(obj: Record<string, unknown>): EventBridgeEvent | string[] {
  const problems: string[] = [];
  for (const key of REQUIRED_STRINGS) {
    const v = obj[key];
    if (v === undefined) problems.push(`missing "${key}"`);
    else if (typeof v !== 'string') problems.push(`"${key}" must be a string, got ${describeType(v)}`);
    else if (v.trim() === '') problems.push(`"${key}" is empty`);
  }
  if (typeof obj.time === 'string' && obj.time.trim() !== '' && Number.isNaN(Date.parse(obj.time))) {
    problems.push('"time" is not a timestamp');
  }
  const version = obj.version ?? '0';
  if (typeof version !== 'string') problems.push(`"version" must be a string, got ${describeType(version)}`);
  const resources = obj.resources ?? [];
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) {
    problems.push(
      `"resources" must be an array of strings, got ${Array.isArray(resources) ? 'an array with a non-string' : describeType(resources)}`,
    );
  }
  const detail = obj.detail;
  if (detail === undefined) problems.push('missing "detail"');
  else if (!isObject(detail)) problems.push(`"detail" must be an object, got ${describeType(detail)}`);
  const replayName = obj['replay-name'];
  if (replayName !== undefined && typeof replayName !== 'string')
    problems.push(`"replay-name" must be a string, got ${describeType(replayName)}`);
  if (problems.length > 0) return problems;

  const event: EventBridgeEvent = {
    version: version as string,
    id: obj.id as string,
    'detail-type': obj['detail-type'] as string,
    source: obj.source as string,
    account: obj.account as string,
    time: obj.time as string,
    region: obj.region as string,
    resources: resources as string[],
    detail,
  };
  if (typeof replayName === 'string') event['replay-name'] = replayName;
  return event;
}

/**
 * A CloudWatch Logs subscription payload: the Lambda event `{"awslogs": {"data": "<base64 gzip>"}}`,
 * decoded, or the decoded payload itself (`messageType` and `logEvents`); undefined when the value is
 * neither shape, a reason when it has the shape but cannot be read.
 */
function classifyLogs(value: Record<string, unknown>): Classified | undefined {
  try {
    if ('awslogs' in value) {
      const awslogs = value.awslogs;
      if (!isObject(awslogs) || typeof awslogs.data !== 'string') {
        return { kind: 'rejected', reason: 'not a CloudWatch Logs subscription event: "awslogs.data" must be a string' };
      }
      return { kind: 'logs', payload: decodeSubscriptionData(awslogs.data) };
    }
    if ('messageType' in value && 'logEvents' in value) return { kind: 'logs', payload: parsePayload(value) };
  } catch (err) {
    if (err instanceof LogPayloadError) return { kind: 'rejected', reason: err.message };
    throw err;
  }
  return undefined;
}

/**
 * Classifies one parsed JSON value. An object with "detail-type" or "detail" is taken as an
 * EventBridge event; one with "awslogs", or with "messageType" and "logEvents", as a CloudWatch Logs
 * subscription payload; one with a "Records" array as a CloudTrail log file; one with CloudTrail fields
 * (eventSource, eventTime, eventID, ...) as a raw record, wrapped as EventBridge would. An event
 * whose detail nests deeper than EventBridge accepts is rejected. `textLength`, the length of the
 * JSON text the value was parsed from when known, spares short values the depth walk.
 */
function classifyValue(value: unknown, textLength?: number): Classified {
  // Nesting past the limit takes at least two characters a level: short texts need no walk.
  const mayBeTooDeep = textLength === undefined || textLength > 2 * EVENTBRIDGE_MAX_DEPTH;
  if (!isObject(value)) {
    return { kind: 'rejected', reason: `not an EventBridge event or CloudTrail record (got ${describeType(value)})` };
  }
  if ('detail-type' in value || 'detail' in value) {
    const checked = checkEventBridgeEvent(value);
    if (Array.isArray(checked)) return { kind: 'rejected', reason: `invalid EventBridge event: ${checked.join('; ')}` };
    if (mayBeTooDeep && nestsDeeperThan(checked.detail, EVENTBRIDGE_MAX_DEPTH)) return { kind: 'rejected', reason: TOO_DEEP };
    return { kind: 'event', event: checked };
  }
  const logs = classifyLogs(value);
  if (logs) return logs;
  if ('Records' in value) {
    const records = value.Records;
    if (!Array.isArray(records))
      return { kind: 'rejected', reason: `not a CloudTrail log file: "Records" must be an array, got ${describeType(records)}` };
    return { kind: 'records', records };
  }
  if (looksLikeCloudTrailRecord(value)) {
    // The record becomes the detail; checked first, as wrapping one without eventID recurses into it.
    if (mayBeTooDeep && nestsDeeperThan(value, EVENTBRIDGE_MAX_DEPTH)) return { kind: 'rejected', reason: TOO_DEEP };
    try {
      return { kind: 'event', event: wrapCloudTrailRecord(value) };
    } catch (err) {
      if (err instanceof CloudTrailWrapError) return { kind: 'rejected', reason: `cannot wrap CloudTrail record: ${err.message}` };
      throw err;
    }
  }
  return { kind: 'rejected', reason: 'not an EventBridge event or CloudTrail record (missing "detail-type")' };
}

export { classifyValue, checkEventBridgeEvent };
export type { Classified };
