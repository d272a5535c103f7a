import type { RetryDeadline } from '../retry';
import type { FindingPublisher } from '../findings/FindingPublisher';
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
  constructor(
    private readonly engine: DetectionEngine,
    private readonly store: FindingStore,
    private readonly publisher: FindingPublisher,
    private readonly stateful?: StatefulEngine,
    private readonly metrics?: DetectorMetrics,
  ) {}

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
    const toAnnounce = new Map<string, Finding>();
    const opening = new Set<string>();
    // One write per finding (FindingStore.recordAll), the findings one after the other.
    for (const { finding, unannounced, grown } of await this.store.recordAll(occurrences, deadline)) {
      if (unannounced) opening.add(finding.id);
      if (unannounced || grown) toAnnounce.set(finding.id, finding);
    }
    // A finding is announced when it opens, and again when it has grown (FindingStore: at most once a
    // minute of event time), so the router can update its alert. One whose announcement failed (the
    // invocation is retried) is announced by the retry: the router is idempotent on the finding id and
    // count, so a second announcement never pages twice.
    const announced = [...toAnnounce.values()];
    if (announced.length === 0) return [];
    await this.publisher.publish(announced, deadline);
    await this.store.markAnnounced(announced.map((f) => f.id));
    const opened = announced.filter((f) => opening.has(f.id));
    this.metrics?.opened(opened);
    return opened.map((f) => f.id);
  }
}
