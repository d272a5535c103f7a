import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { EventBridgeEvent } from '../../../shared/events/envelope';

/** A deterministic UUID-shaped id, so that a replay's scheduled events have the same ids every time. */
function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The event an EventBridge schedule sends its target ("Scheduled Event", source aws.events, empty detail). */
export function scheduledEvent(
  ruleArn: string,
  time: Date,
  where: { account: string; region: string },
): EventBridgeEvent<Record<string, never>> {
  return {
    version: '0',
    id: stableId(ruleArn, time.toISOString()),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: where.account,
    // EventBridge writes schedule times to the second.
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources: [ruleArn],
    detail: {},
  };
}

export interface LogEvent {
  timestamp: number;
  message: string;
}

/** What a CloudWatch Logs subscription hands a Lambda: `{ awslogs: { data } }`, the batch gzipped and base64-encoded. */
export function logSubscriptionEvent(
  logGroup: string,
  logStream: string,
  filterName: string,
  events: readonly LogEvent[],
  owner: string,
): { awslogs: { data: string } } {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner,
    logGroup,
    logStream,
    subscriptionFilters: [filterName],
    logEvents: events.map((e, i) => ({ id: stableId(logGroup, logStream, String(e.timestamp), String(i), e.message), ...e })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** The CONTROL_MESSAGE a new subscription filter sends its destination: no group, one "CWL CONTROL MESSAGE" line. */
export function controlMessageEvent(): { awslogs: { data: string } } {
  const payload = {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [{ id: '', timestamp: 0, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda function.' }],
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/**
 * A CloudWatch Logs filter pattern, for the forms the embedded runtime understands: '' (every
 * event) and terms (every term must appear, case-sensitive; a "quoted phrase" is one term).
 * JSON ({ $.x = ... }) and space-delimited ([a, b]) patterns are refused up front, not guessed at.
 */
export function logFilter(pattern: string): (message: string) => boolean {
  const text = pattern.trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new Error(`filter pattern "${pattern}": JSON and space-delimited patterns are not supported by the embedded runtime`);
  }
  const terms = [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return (message) => terms.every((term) => message.includes(term));
}
