import type { FindingPublisher } from '../../findings/FindingPublisher';
import type { FindingStore } from '../../findings/FindingStore';
import type { Occurrence } from '../../findings/occurrence';
import type { Finding } from '../../findings/types';
import type { RetryDeadline } from '../../retry';

/**
 * The telemetry findings into the finding store, and those that open or grew onto the bus (a finding
 * whose announcement failed is announced by the retry, and the router is idempotent on the finding id).
 */
export class TelemetryFindingRecorder {
  constructor(
    private readonly store: FindingStore,
    private readonly publisher: FindingPublisher,
  ) {}

  /** Returns the findings this call opened. */
  async record(occurrences: readonly Occurrence[], deadline: RetryDeadline = {}): Promise<Finding[]> {
    const toAnnounce = new Map<string, Finding>();
    const opening = new Set<string>();
    // One write per finding (FindingStore.recordAll), the findings one after the other.
    for (const { finding, unannounced, grown } of await this.store.recordAll(occurrences, deadline)) {
      if (unannounced) opening.add(finding.id);
      if (unannounced || grown) toAnnounce.set(finding.id, finding);
    }
    const announced = [...toAnnounce.values()];
    if (announced.length === 0) return [];
    await this.publisher.publish(announced, deadline);
    await this.store.markAnnounced(announced.map((f) => f.id));
    return announced.filter((f) => opening.has(f.id));
  }
}
