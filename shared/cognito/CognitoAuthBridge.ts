import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { putEventsBatched } from '../events/putEventsBatched';
import type { IngestContext } from '../ingest';
import { decodeSubscriptionData, LogPayloadError } from '../logs';
import type { RetryDeadline } from '../retry';
import { CognitoPublishError } from './errors';
import { authEventEntry, readLogEvent, type BridgedAuthEvent } from './userAuthEvent';

/** Puts one auth event on the bus; throws when it cannot. The handler makes it idempotent on the event id. */
export interface AuthEventPublisher {
  publish(event: BridgedAuthEvent, deadline: RetryDeadline): Promise<unknown>;
}

export interface CognitoAuthBridgeOptions {
  /** The component name, the quarantine and the counter (shared/ingest). */
  ingest: IngestContext;
  publisher: AuthEventPublisher;
  /** Auth events published at once. Default 8. */
  concurrency?: number;
}

export interface BridgeOutcome {
  /** UNREADABLE: the payload itself could not be decoded, and was quarantined whole. */
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' | 'UNREADABLE';
  logEvents: number;
  published: number;
  quarantined: number;
  quarantineIds: string[];
}

/** How a quarantined log event is labelled (the quarantine's detailType). */
export const LOG_EVENT_LABEL = 'CloudWatch Logs log event';
export const LOG_PAYLOAD_LABEL = 'CloudWatch Logs subscription payload';

/**
 * The Cognito threat-protection bridge: a user pool's userAuthEvents log group, subscribed to, on
 * the Vigil bus. For each subscription payload (`awslogs.data`):
 *   - unreadable (not base64, not gzip, not JSON, not a payload): quarantined whole with the reason;
 *   - CONTROL_MESSAGE (the subscription checking its destination): acknowledged, nothing published;
 *   - DATA_MESSAGE: each log event read as a userAuthEvents record; one that is not is quarantined
 *     with its reason and counted, the others are published as "Cognito Threat Protection Auth Event"s.
 * Nothing a retry cannot fix fails the invocation: only a publication that did not go through does
 * (Lambda then retries the whole payload; what was published is not published again).
 */
export class CognitoAuthBridge {
  constructor(private readonly options: CognitoAuthBridgeOptions) {}

  async handle(data: string, deadline: RetryDeadline = {}): Promise<BridgeOutcome> {
    const { ingest } = this.options;
    let payload: ReturnType<typeof decodeSubscriptionData>;
    try {
      payload = decodeSubscriptionData(data);
    } catch (error) {
      if (!(error instanceof LogPayloadError)) throw error;
      const id = await ingest.quarantine.put({
        component: ingest.component,
        reason: error.message,
        payload: data,
        detailType: LOG_PAYLOAD_LABEL,
      });
      ingest.counter.count('PayloadsQuarantined');
      ingest.counter.count('EventsQuarantined');
      return { messageType: 'UNREADABLE', logEvents: 0, published: 0, quarantined: 1, quarantineIds: [id] };
    }
    if (payload.messageType === 'CONTROL_MESSAGE') {
      ingest.counter.count('ControlMessagesAcknowledged');
      return { messageType: 'CONTROL_MESSAGE', logEvents: payload.logEvents.length, published: 0, quarantined: 0, quarantineIds: [] };
    }

    const events: BridgedAuthEvent[] = [];
    const quarantineIds: string[] = [];
    for (const [index, logEvent] of payload.logEvents.entries()) {
      const place = {
        owner: payload.owner,
        logGroup: payload.logGroup,
        logStream: payload.logStream,
        logEventId: logEvent.id,
        timestamp: logEvent.timestamp,
      };
      const reading = readLogEvent(logEvent.message, place);
      if (reading.ok) {
        ingest.counter.count('EventsAccepted');
        events.push(reading.event);
        continue;
      }
      const id = await ingest.quarantine.put({
        component: ingest.component,
        reason: `logEvents.${index}: ${reading.reason}`,
        payload: logEvent.message,
        source: payload.logGroup,
        detailType: LOG_EVENT_LABEL,
        eventId: logEvent.id,
      });
      ingest.counter.count('EventsQuarantined');
      quarantineIds.push(id);
    }
    await this.publishAll(events, deadline);
    ingest.counter.count('AuthEventsPublished', events.length);
    return {
      messageType: 'DATA_MESSAGE',
      logEvents: payload.logEvents.length,
      published: events.length,
      quarantined: quarantineIds.length,
      quarantineIds,
    };
  }

  /** Every event through the publisher, a few at a time; then one error for those that failed. */
  private async publishAll(events: readonly BridgedAuthEvent[], deadline: RetryDeadline): Promise<void> {
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < events.length) {
        const event = events[next++]!;
        try {
          await this.options.publisher.publish(event, deadline);
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, events.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (failures.length === 0) return;
    const first = failures[0] as Error;
    throw new CognitoPublishError(
      `${failures.length} of ${events.length} auth event(s) not published (${first?.name ?? 'Error'}: ${first?.message ?? String(first)})`,
      { cause: first },
    );
  }
}

export interface AuthEventBusPublisherOptions {
  eventBridge: EventBridgeClient;
  busName: string;
  sleep?: (ms: number) => Promise<void>;
}

/** Puts a bridged auth event on the Vigil bus (PutEvents, retried per entry within the deadline). */
export class AuthEventBusPublisher implements AuthEventPublisher {
  constructor(private readonly options: AuthEventBusPublisherOptions) {}

  async publish(event: BridgedAuthEvent, deadline: RetryDeadline = {}): Promise<{ eventId: string }> {
    const outcome = await putEventsBatched(this.options.eventBridge, [authEventEntry(event, this.options.busName)], {
      sleep: this.options.sleep,
      signal: deadline.signal,
      deadline: deadline.deadline,
    });
    if (outcome.failed.length > 0) {
      const { errorCode, errorMessage } = outcome.failed[0]!;
      throw new CognitoPublishError(`auth event ${event.detail.eventID} not published (${errorCode}: ${errorMessage})`);
    }
    return { eventId: event.detail.eventID };
  }
}
