import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { CloudWatchLogsPayload } from '../../../events/schemas/cloudWatchLogs';
import { authEventEntry, readLogEvent } from '../../../shared/cognito/userAuthEvent';
import { putEventsBatched } from '../../../shared/events/putEventsBatched';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { createProgress, inputSizeBytes, readReplayInputs } from '../replay';

export interface PublishToBusOptions {
  inputs: string[];
  busName: string;
  region?: string;
  endpoint?: string;
  progressStream?: NodeJS.WriteStream;
  /** Entries buffered before a round of PutEvents requests. */
  flushEvery?: number;
}

export interface PublishToBusOutcome {
  read: number;
  quarantined: number;
  published: number;
  failed: number;
  requests: number;
  /** Failure counts by EventBridge error code (e.g. NotAuthorizedForSourceException for aws.* sources). */
  failures: Record<string, number>;
}

/**
 * `vigil replay --to-bus`: the captured events onto a deployed bus with PutEvents, batched within its
 * limits, entries that fail transiently retried. CloudWatch Logs payloads (a user pool's userAuthEvents
 * export) go as the auth events the Cognito bridge would publish. The bus assigns new event ids. Note that
 * EventBridge does not accept `aws.*` sources from PutEvents: such entries fail with their code.
 */
export async function publishCaptureToBus(options: PublishToBusOptions): Promise<PublishToBusOutcome> {
  const client = new EventBridgeClient({ region: options.region, endpoint: options.endpoint });
  const progress = createProgress({
    total: await inputSizeBytes(options.inputs),
    stream: options.progressStream ?? process.stderr,
    label: `to ${options.busName}`,
  });
  const outcome: PublishToBusOutcome = { read: 0, quarantined: 0, published: 0, failed: 0, requests: 0, failures: {} };
  let pending: PutEventsRequestEntry[] = [];
  const flush = async () => {
    const result = await putEventsBatched(client, pending);
    pending = [];
    outcome.published += result.published;
    outcome.requests += result.requests;
    outcome.failed += result.failed.length;
    for (const f of result.failed) outcome.failures[f.errorCode] = (outcome.failures[f.errorCode] ?? 0) + 1;
  };
  try {
    for await (const item of readReplayInputs(options.inputs, { onBytes: (n) => progress.tick(n, 0) })) {
      outcome.read += 1;
      progress.tick(0, 1);
      if (item.kind === 'quarantined') {
        outcome.quarantined += 1;
        continue;
      }
      if (item.kind === 'logs') {
        // What the Cognito bridge would publish for the payload; a record it would quarantine is counted so.
        const { entries, refused, events } = bridgedEntries(item.payload, options.busName);
        outcome.read += events - 1;
        outcome.quarantined += refused;
        pending.push(...entries);
      } else pending.push(toEntry(item.event, options.busName));
      if (pending.length >= (options.flushEvery ?? 500)) await flush();
    }
    await flush();
  } finally {
    progress.done();
    client.destroy();
  }
  return outcome;
}

/**
 * A CloudWatch Logs payload (a user pool's userAuthEvents export) as the auth events the Cognito bridge
 * puts on the bus: the same reading and the same entries. A CONTROL_MESSAGE gives none.
 */
function bridgedEntries(
  payload: CloudWatchLogsPayload,
  busName: string,
): { entries: PutEventsRequestEntry[]; refused: number; events: number } {
  if (payload.messageType === 'CONTROL_MESSAGE') return { entries: [], refused: 0, events: 1 };
  const entries: PutEventsRequestEntry[] = [];
  let refused = 0;
  for (const logEvent of payload.logEvents) {
    const place = {
      owner: payload.owner,
      logGroup: payload.logGroup,
      logStream: payload.logStream,
      logEventId: logEvent.id,
      timestamp: logEvent.timestamp,
    };
    const reading = readLogEvent(logEvent.message, place);
    if (reading.ok) entries.push(authEventEntry(reading.event, busName));
    else refused += 1;
  }
  return { entries, refused, events: payload.logEvents.length };
}

function toEntry(event: EventBridgeEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event['detail-type'],
    Time: new Date(event.time),
    Resources: event.resources,
    Detail: JSON.stringify(event.detail),
  };
}
