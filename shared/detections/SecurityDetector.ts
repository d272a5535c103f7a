import type { RetryDeadline } from '../retry';
import type { FindingPublisher } from '../findings/FindingPublisher';
import { FindingRecorder } from '../findings/FindingRecorder';
import type { FindingStore } from '../findings/FindingStore';
import type { Occurrence } from '../findings/occurrence';
import type { Finding } from '../findings/types';
import type { CloudTrailEnvelope } from './cloudTrailRecord';
import type { DetectionEngine } from './DetectionEngine';
import type { StatefulEngine } from './StatefulEngine';

export interface DetectorOutcome {
  eventId: string;
  occurrences: number;
  /** Ids of the findings this event opened (and published). */
  opened: string[];
}

/** What the detector reports as it goes (securityMetrics.ts SecurityMetrics counts them). */
export interface DetectorMetrics {
  /** Occurrences now in the finding store. */
  occurrences(occurrences: readonly Occurrence[]): void;
  /** Findings announced on the bus for the first time. */
  opened(findings: readonly Finding[]): void;
}

export interface BatchOutcome {
  occurrences: number;
  /** Ids of the findings the batch's stateful decisions opened (and published). */
  opened: string[];
}

/** CloudTrail events through the detections: occurrences are merged into findings, new findings published. */
export class SecurityDetector {
  private readonly recorder: FindingRecorder;

  constructor(
    private readonly engine: DetectionEngine,
    store: FindingStore,
    publisher: FindingPublisher,
    private readonly stateful?: StatefulEngine,
    private readonly metrics?: DetectorMetrics,
  ) {
    this.recorder = new FindingRecorder(store, publisher);
  }

  /**
   * False when no stateless detection fires on the event. Detections are pure and cheap, so this
   * runs them once up front (only those whose trigger matches): an event that raises nothing has no
   * side effect, and callers skip the idempotency bookkeeping (two writes per event) for the bulk of
   * CloudTrail traffic.
   */
  concerns(event: CloudTrailEnvelope): boolean {
    return this.engine.evaluate(event).length > 0;
  }

  /** The stateless detections on one event. */
  async process(event: CloudTrailEnvelope, deadline: RetryDeadline = {}): Promise<DetectorOutcome> {
    const occurrences = this.engine.evaluate(event);
    const opened = await this.record(occurrences, deadline);
    this.metrics?.occurrences(occurrences);
    return { eventId: event.id, occurrences: occurrences.length, opened };
  }

  /**
   * The stateful detections on a whole batch (its valid events, redelivered ones included): one
   * aggregated state write per detection, key and bucket, then the decisions. Safe to repeat: the
   * state is a set union and findings are keyed by detection, dedup key and window.
   */
  async processBatch(events: readonly CloudTrailEnvelope[], deadline: RetryDeadline = {}): Promise<BatchOutcome> {
    if (!this.stateful) return { occurrences: 0, opened: [] };
    const { occurrences, marks } = await this.stateful.evaluate(events);
    const opened = await this.record(occurrences, deadline);
    // Only once the occurrences are in the store: a failure before this line re-emits them on retry.
    await this.stateful.commit(marks);
    this.metrics?.occurrences(occurrences);
    return { occurrences: occurrences.length, opened };
  }

  /** `deadline` bounds the retries of the finding writes and of the publication (shared/retry). */
  private async record(occurrences: readonly Occurrence[], deadline: RetryDeadline): Promise<string[]> {
    const opened = await this.recorder.record(occurrences, deadline);
    if (opened.length > 0) this.metrics?.opened(opened);
    return opened.map((f) => f.id);
  }
}
