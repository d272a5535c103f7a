import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { putEventsBatched } from '../events/putEventsBatched';
import type { RetryDeadline } from '../retry';
import { FindingPublishError } from './errors';
import { FINDING_DETAIL_TYPE, FINDING_SOURCE, type Finding } from './types';

export interface FindingPublisherOptions {
  eventBridge: EventBridgeClient;
  busName: string;
  sleep?: (ms: number) => Promise<void>;
}

/** Puts findings on the Vigil bus as "Vigil Finding" events; entries that fail are retried alone. */
export class FindingPublisher {
  constructor(private readonly options: FindingPublisherOptions) {}

  /** `deadline`: give up retrying (RetryDeadlineError) rather than outlast the invocation. */
  async publish(findings: Finding[], deadline: RetryDeadline = {}): Promise<void> {
    if (findings.length === 0) return;
    const outcome = await putEventsBatched(
      this.options.eventBridge,
      findings.map((f) => this.entry(f)),
      { sleep: this.options.sleep, signal: deadline.signal, deadline: deadline.deadline },
    );
    if (outcome.failed.length > 0) {
      const { errorCode, errorMessage } = outcome.failed[0];
      throw new FindingPublishError(`${outcome.failed.length} finding(s) not published (${errorCode}: ${errorMessage})`);
    }
  }

  private entry(finding: Finding): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: FINDING_SOURCE,
      DetailType: FINDING_DETAIL_TYPE,
      Time: new Date(finding.lastSeen),
      Resources: finding.resources.filter((r) => r.startsWith('arn:')),
      Detail: JSON.stringify(finding),
    };
  }
}
