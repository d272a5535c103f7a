import type { EventBridgeEvent } from '../events/envelope';
import type { FindingPublisher } from '../findings/FindingPublisher';
import type { FindingStore } from '../findings/FindingStore';
import type { CloudTrailRecordLike } from './cloudTrailRecord';
import type { DetectionEngine } from './DetectionEngine';

export interface DetectorOutcome {
  eventId: string;
  occurrences: number;
  /** Ids of the findings this event opened (and published). */
  opened: string[];
}

/** One CloudTrail event through the detections: occurrences are merged into findings, new findings published. */
export class SecurityDetector {
  constructor(
    private readonly engine: DetectionEngine,
    private readonly store: FindingStore,
    private readonly publisher: FindingPublisher,
  ) {}

  /**
   * False when no detection fires on the event. Detections are pure and cheap, so this runs them
   * once up front: an event that raises nothing has no side effect, and callers skip the
   * idempotency bookkeeping (two writes per event) for the bulk of CloudTrail traffic.
   */
  concerns(event: EventBridgeEvent<CloudTrailRecordLike>): boolean {
    return this.engine.mayFire(event) && this.engine.evaluate(event).length > 0;
  }

  async process(event: EventBridgeEvent<CloudTrailRecordLike>): Promise<DetectorOutcome> {
    const occurrences = this.engine.evaluate(event);
    const opened = [];
    for (const occurrence of occurrences) {
      const { finding, created } = await this.store.record(occurrence);
      if (created) opened.push(finding);
    }
    // A finding is announced once, when it opens; later occurrences only update the stored finding.
    await this.publisher.publish(opened);
    return { eventId: event.id, occurrences: occurrences.length, opened: opened.map((f) => f.id) };
  }
}
