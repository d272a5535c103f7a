import type { DeliveryOptions } from '../alerts/sinks/types';
import { type Deliverer, describeFailure } from './Deliverer';
import type { OutboxEntry, OutboxSink } from './OutboxEntry';
import type { OutboxStore } from './OutboxStore';

export interface DrainResult {
  delivered: number;
  /** Refused for good on this run (kept as failed). */
  failed: number;
  /** Still waiting after the run, oldest first. */
  waiting: OutboxEntry[];
  /** Of those, the ones waiting longer than the budget. */
  overdue: OutboxEntry[];
}

/**
 * Retries what waits in the outbox, oldest first, sink by sink. A sink's run stops at its first
 * retryable failure: the receiver is still down, and what follows must not overtake what failed
 * (a note its create, an Update its Create).
 *
 * Never resending a delivery that succeeded, even when the function dies between the receiver's "yes"
 * and markDelivered: that window cannot be closed by bookkeeping (no store write is atomic with an
 * HTTP request), so it is made harmless instead. Every payload is resent byte for byte as first built:
 * - OpsGenie create: resent as a resend (`resend`): its alias is looked up first, and when an alert has it,
 *   open or closed, nothing is created (the entry is delivered). The lookup is what covers a person closing the
 *   alert between an ambiguous attempt and this resend, where alias deduplication (open alerts only) would
 *   open a second alert. A create OpsGenie has not processed yet is invisible to the lookup; the resend then
 *   deduplicates on it once both are processed (the drain runs minutes after the attempt that failed).
 * - OpsGenie add-note: a duplicate note carries the same occurrence count, recognisable, and pages nobody.
 * - SIEM: the same OCSF metadata.uid, which the SIEM deduplicates on.
 */
export class OutboxDrain {
  constructor(
    private readonly options: {
      store: OutboxStore;
      deliverer: Deliverer;
      /** How long (ms of event time) an entry may wait before it is overdue. */
      budgetMs: number;
      /** Told of each entry once it is delivered and recorded (the router marks the finding's sink as sent). */
      onDelivered?: (entry: OutboxEntry) => Promise<void>;
    },
  ) {}

  async run(at: number, budget: DeliveryOptions = {}): Promise<DrainResult> {
    const { store, deliverer, budgetMs } = this.options;
    const entries = await store.list('waiting');
    let delivered = 0;
    let failed = 0;
    const stopped = new Set<OutboxSink>();
    for (const entry of entries) {
      if (stopped.has(entry.sink)) continue;
      if (outOfTime(budget)) break;
      try {
        // Every entry may have reached its receiver already (an ambiguous failure put it here): a resend.
        await deliverer.attempt({ ...entry, resend: true }, budget);
      } catch (error) {
        const failure = describeFailure(error);
        await store.recordFailure(entry.id, {
          reason: failure.reason,
          attempts: entry.attempts + failure.attempts,
          at,
          status: failure.status,
        });
        if (failure.status === 'failed') failed += 1;
        else stopped.add(entry.sink);
        continue;
      }
      // Dying here resends this entry on the next run: harmless, see the class comment.
      await store.markDelivered(entry.id, at);
      await this.options.onDelivered?.(entry);
      delivered += 1;
    }
    const waiting = await store.list('waiting');
    return { delivered, failed, waiting, overdue: waiting.filter((e) => at - e.enqueuedAt > budgetMs) };
  }
}

function outOfTime(budget: DeliveryOptions): boolean {
  return budget.signal?.aborted === true || (budget.deadline !== undefined && Date.now() >= budget.deadline);
}
