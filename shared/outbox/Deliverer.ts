import { AlertDeliveryError, RetryableDeliveryError } from '../alerts/sinks/errors';
import type { DeliveryOptions, OcsfRecord, OpsGenieSink, SiemSink } from '../alerts/sinks/types';
import type { OpsGenieRequestStatusReader } from '../alerts/opsgenie/client';
import type { OpsGenieRequest } from '../alerts/opsgenie/types';
import type { OutboxEntry, OutboxSink } from './OutboxEntry';
import type { OutboxStore } from './OutboxStore';

/** One request for one sink, on behalf of one finding. */
export interface Delivery {
  id: string;
  sink: OutboxSink;
  findingId: string;
  operation: string;
  payload: OpsGenieRequest | readonly OcsfRecord[];
  /**
   * An earlier attempt may have reached the receiver (an outbox resend, an invocation resumed after one
   * died mid-send): an OpsGenie create then looks its alias up first (OpsGenieDeliveryOptions.resend).
   */
  resend?: boolean;
}

export interface DeliveryReport {
  sink: OutboxSink;
  findingId: string;
  operation: string;
  /** sent: accepted by the receiver; outboxed: waits in the outbox; failed: refused for good (kept in the outbox as failed). */
  outcome: 'sent' | 'outboxed' | 'failed';
  attempts: number;
  reason?: string;
  requestId?: string;
  /** A resent create not sent again: its alias already names an alert (open, or closed by a person meanwhile). */
  existing?: 'open' | 'closed';
  /** Sent, and its outcome recorded to be checked (a `checking` entry): false when that record failed. */
  checked?: boolean;
}

export interface DelivererOptions {
  opsgenie: OpsGenieSink;
  siem: SiemSink;
  outbox: OutboxStore;
  /**
   * OpsGenie's request-status API (OpsGenieClient). When given, every OpsGenie request it accepts with a
   * requestId is recorded as a `checking` entry, and the drain later asks how OpsGenie processed it.
   */
  requestStatus?: OpsGenieRequestStatusReader;
}

/** How OpsGenie processed an accepted request, as the drain acts on it. */
export type RequestOutcome = { state: 'confirmed' } | { state: 'pending' } | { state: 'failed'; reason: string };

/**
 * Sends a delivery through its sink (which retries under the shared policy and the caller's budget);
 * past that budget the delivery waits in the outbox with its reason and attempts, and a receiver's
 * refusal is kept there as failed. Nothing is dropped: every delivery ends sent, waiting or failed.
 */
export class Deliverer {
  constructor(private readonly options: DelivererOptions) {}

  /** The sink's own call, for the drain (which records outcomes itself). Throws what the sink throws. */
  async attempt(
    delivery: Pick<Delivery, 'sink' | 'payload' | 'resend'>,
    budget: DeliveryOptions,
  ): Promise<{ attempts: number; requestId?: string; existing?: 'open' | 'closed' }> {
    const result =
      delivery.sink === 'opsgenie'
        ? await this.options.opsgenie.deliver(
            delivery.payload as OpsGenieRequest,
            delivery.resend === true ? { ...budget, resend: true } : budget,
          )
        : await this.options.siem.deliver(delivery.payload as readonly OcsfRecord[], budget);
    return {
      attempts: result.attempts,
      ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
      ...(result.existing === undefined ? {} : { existing: result.existing }),
    };
  }

  /**
   * `at` is the event time the outbox ages by. `behind`: an earlier delivery of the same finding to the
   * same sink still waits, so this one queues behind it unsent (a note must not overtake its create).
   */
  async send(delivery: Delivery, at: number, budget: DeliveryOptions, behind = false): Promise<DeliveryReport> {
    const report = { sink: delivery.sink, findingId: delivery.findingId, operation: delivery.operation };
    if (behind) {
      const reason = 'queued behind an earlier delivery of this finding that waits in the outbox';
      await this.enqueue(delivery, at, { reason, attempts: 0, status: 'waiting' });
      return { ...report, outcome: 'outboxed', attempts: 0, reason };
    }
    try {
      const sent = await this.attempt(delivery, budget);
      if (!this.checksOutcome(delivery.sink, sent.requestId)) return { ...report, outcome: 'sent', ...sent };
      const checked = await this.awaitOutcome(delivery, sent.requestId, sent.attempts, at).then(
        () => true,
        // The request was sent and accepted: failing it now would resend it. Its outcome goes unchecked, and the report says so.
        () => false,
      );
      return { ...report, outcome: 'sent', ...sent, checked };
    } catch (error) {
      const failure = describeFailure(error);
      await this.enqueue(delivery, at, failure);
      return {
        ...report,
        outcome: failure.status === 'waiting' ? 'outboxed' : 'failed',
        attempts: failure.attempts,
        reason: failure.reason,
      };
    }
  }

  /** Whether a sent delivery waits for its outcome: an OpsGenie request accepted with a requestId, when its status can be read. */
  checksOutcome(sink: OutboxSink, requestId: string | undefined): requestId is string {
    return sink === 'opsgenie' && requestId !== undefined && this.options.requestStatus !== undefined;
  }

  /**
   * Records an accepted OpsGenie request as a `checking` entry for the drain. Dying between OpsGenie's 202
   * and this write loses the check, never the delivery: the invocation's retry sends it again as a resend
   * (a create finds its alert by alias and sends nothing; a note repeats its count, see OutboxDrain).
   */
  awaitOutcome(delivery: Delivery, requestId: string, attempts: number, at: number) {
    const reason = `accepted by OpsGenie (request ${requestId}); its outcome is not checked yet`;
    return this.enqueue(delivery, at, { reason, attempts, status: 'checking', requestId });
  }

  /**
   * How OpsGenie processed the request a `checking` entry names: confirmed, still pending (404
   * RequestNotProcessed), or failed with OpsGenie's status text. A request id OpsGenie does not know
   * (any other 404) is a failure too: nothing will ever confirm it. Any other error says nothing about this
   * request (OpsGenie unreachable, a key refused) and is thrown.
   */
  async checkOutcome(entry: Pick<OutboxEntry, 'requestId' | 'operation'>, budget: DeliveryOptions): Promise<RequestOutcome> {
    const reader = this.options.requestStatus;
    if (reader === undefined || entry.requestId === undefined) {
      return { state: 'failed', reason: 'no requestId or request-status reader: the outcome cannot be checked' };
    }
    let status: Awaited<ReturnType<OpsGenieRequestStatusReader['getRequestStatus']>>;
    try {
      status = await reader.getRequestStatus(entry.requestId, budget);
    } catch (error) {
      if (error instanceof AlertDeliveryError && !(error instanceof RetryableDeliveryError) && error.status === 404) {
        return { state: 'failed', reason: `OpsGenie cannot tell the outcome of request ${entry.requestId}: ${error.message}` };
      }
      throw error;
    }
    if (status.state === 'pending') return { state: 'pending' };
    if (status.success) return { state: 'confirmed' };
    const said = [status.action, status.status].filter((s) => s !== undefined).join(': ');
    return {
      state: 'failed',
      reason: `OpsGenie accepted request ${entry.requestId} (${entry.operation}) and then failed it${said === '' ? '' : `: ${said}`}`,
    };
  }

  private enqueue(delivery: Delivery, at: number, state: Pick<OutboxEntry, 'reason' | 'attempts' | 'status' | 'requestId'>) {
    const { id, sink, findingId, operation, payload } = delivery;
    return this.options.outbox.enqueue({ id, sink, findingId, operation, payload, ...state, enqueuedAt: at, lastAttemptAt: at });
  }
}

/**
 * What a failure means for the outbox: a RetryableDeliveryError (the sink's budget or the invocation's
 * ran out) or anything unexpected waits to be retried; a refusal (PermanentDeliveryError) is kept as failed.
 */
export function describeFailure(error: unknown): { reason: string; attempts: number; status: OutboxEntry['status'] } {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const attempts = error instanceof AlertDeliveryError && error.attempts !== undefined ? error.attempts : 1;
  const permanent = error instanceof AlertDeliveryError && !(error instanceof RetryableDeliveryError);
  return { reason, attempts, status: permanent ? 'failed' : 'waiting' };
}
