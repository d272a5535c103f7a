import type { RetryDeadline } from '../retry';
import type { FindingPublisher } from './FindingPublisher';
import type { FindingStore, RecordResult } from './FindingStore';
import type { Occurrence } from './occurrence';
import type { Finding } from './types';

/**
 * Occurrences into the finding store, and the findings that opened or grew onto the bus. One write per
 * finding (FindingStore.recordAll). A finding is announced when it opens, and again when it has grown
 * (FindingStore: at most once a minute of event time), so the router can update its alert. One whose
 * announcement failed (the invocation is retried) is announced by the retry: the router is idempotent
 * on the finding id and count, so a second announcement never pages twice.
 */
export class FindingRecorder {
  constructor(
    private readonly store: FindingStore,
    private readonly publisher: FindingPublisher,
  ) {}

  /** Returns the findings this call opened. `deadline` bounds the retries of the writes and of the publication. */
  async record(occurrences: readonly Occurrence[], deadline: RetryDeadline = {}): Promise<Finding[]> {
    // One result per finding (recordAll), so nothing is announced twice.
    const results = await this.store.recordAll(occurrences, deadline);
    await this.announce(results, deadline);
    return results.filter((r) => r.unannounced).map((r) => r.finding);
  }

  /** One occurrence, announced when its finding opened or grew; the store's result (as it was before the announcement). */
  async recordOne(occurrence: Occurrence, deadline: RetryDeadline = {}): Promise<RecordResult> {
    const result = await this.store.record(occurrence, deadline);
    await this.announce([result], deadline);
    return result;
  }

  /** Publishes the findings that opened or grew, then marks them announced. */
  private async announce(results: readonly RecordResult[], deadline: RetryDeadline): Promise<void> {
    const due = results.filter((r) => r.unannounced || r.grown).map((r) => r.finding);
    if (due.length === 0) return;
    await this.publisher.publish(due, deadline);
    await this.store.markAnnounced(due.map((f) => f.id));
  }
}
