import type { DeliveryOptions } from '../alerts/sinks/types';
import { type Deliverer, type RequestOutcome, describeFailure } from './Deliverer';
import type { OutboxEntry, OutboxSink } from './OutboxEntry';
import type { OutboxStore } from './OutboxStore';

export interface DrainResult {
  delivered: number;
  /** Refused for good on this run, or accepted by OpsGenie and then failed (kept as failed). */
  failed: number;
  /** The entries failed on this run, with their reasons. */
  failures: OutboxEntry[];
  /** Still waiting after the run, oldest first. */
  waiting: OutboxEntry[];
  /** Of those, the ones waiting longer than the budget. */
  overdue: OutboxEntry[];
  /** OpsGenie requests whose outcome this run read: confirmed, or still pending (404 RequestNotProcessed). */
  checked: { confirmed: number; pending: number };
  /** Requests OpsGenie accepted and has not processed for longer than the budget. */
  unconfirmed: OutboxEntry[];
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
 *
 * Accepted is not yet delivered at OpsGenie: it answers 202 and processes the request later, and only its
 * request-status API tells how that went. So an OpsGenie request accepted with a requestId (by the router
 * or by this drain) waits as `checking`, and every run reads the outcomes (checkOutcomes): a confirmed one
 * is delivered, a failed one is kept as failed, one still pending past the budget is `unconfirmed`.
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
    const failures: OutboxEntry[] = [];
    const stopped = new Set<OutboxSink>();
    for (const entry of entries) {
      if (stopped.has(entry.sink)) continue;
      if (outOfTime(budget)) break;
      let sent: Awaited<ReturnType<Deliverer['attempt']>>;
      try {
        // Every entry may have reached its receiver already (an ambiguous failure put it here): a resend.
        sent = await deliverer.attempt({ ...entry, resend: true }, budget);
      } catch (error) {
        const failure = describeFailure(error);
        const update = { reason: failure.reason, attempts: entry.attempts + failure.attempts, at, status: failure.status };
        await store.recordFailure(entry.id, update);
        if (failure.status === 'failed') failures.push({ ...entry, ...update, lastAttemptAt: at });
        else stopped.add(entry.sink);
        continue;
      }
      // Dying here resends this entry on the next run: harmless, see the class comment.
      if (deliverer.checksOutcome(entry.sink, sent.requestId)) await deliverer.awaitOutcome(entry, sent.requestId, sent.attempts, at);
      else await store.markDelivered(entry.id, at);
      await this.options.onDelivered?.(entry);
      delivered += 1;
    }
    const checked = await this.checkOutcomes(at, budget, failures);
    const waiting = await store.list('waiting');
    return {
      delivered,
      failed: failures.length,
      failures,
      waiting,
      overdue: waiting.filter((e) => at - e.enqueuedAt > budgetMs),
      checked: { confirmed: checked.confirmed, pending: checked.pending.length },
      unconfirmed: [
        ...checked.pending.map((e) => ({ ...e, reason: `OpsGenie has not processed request ${e.requestId} since ${since(e)}` })),
        ...checked.unread.map((e) => ({
          ...e,
          reason: `the outcome of OpsGenie request ${e.requestId} (accepted ${since(e)}) cannot be read: ${checked.readError}`,
        })),
      ].filter((e) => at - e.lastAttemptAt > budgetMs),
    };
  }

  /**
   * Asks OpsGenie how it processed each request it accepted (`checking` entries, oldest first): a confirmed
   * one is delivered, a failed one ("Alert does not exist") is kept as failed with OpsGenie's words, a
   * pending one is asked again next run. The pass stops at the first error that is not about one request
   * (OpsGenie unreachable, the key refused): what it did not read is `unread`, and ages like a pending one.
   */
  private async checkOutcomes(at: number, budget: DeliveryOptions, failures: OutboxEntry[]) {
    const { store, deliverer } = this.options;
    const pending: OutboxEntry[] = [];
    const checking = await store.list('checking');
    let confirmed = 0;
    for (const [index, entry] of checking.entries()) {
      if (outOfTime(budget)) break;
      let outcome: RequestOutcome;
      try {
        outcome = await deliverer.checkOutcome(entry, budget);
      } catch (error) {
        // The entries keep their status and are asked again next run (past the budget, the alarm names them).
        const readError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { confirmed, pending, unread: checking.slice(index), readError };
      }
      if (outcome.state === 'confirmed') {
        await store.markDelivered(entry.id, at);
        confirmed += 1;
      } else if (outcome.state === 'pending') {
        pending.push(entry);
      } else {
        const update = { reason: outcome.reason, attempts: entry.attempts, at, status: 'failed' as const };
        await store.recordFailure(entry.id, update);
        failures.push({ ...entry, ...update, lastAttemptAt: at });
      }
    }
    return { confirmed, pending, unread: [] as OutboxEntry[], readError: '' };
  }
}

const since = (entry: OutboxEntry) => new Date(entry.lastAttemptAt).toISOString();

function outOfTime(budget: DeliveryOptions): boolean {
  return budget.signal?.aborted === true || (budget.deadline !== undefined && Date.now() >= budget.deadline);
}
