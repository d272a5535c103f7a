import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { acceptOrQuarantine } from '../../shared/ingest';
import { handlerStack, type InvocationOptions, type StackDependencies } from './handlerStack';

/** A record whose body passed its contract, and went through the record step without failing. */
export interface AcceptedRecord<T> {
  messageId: string;
  event: T;
}

export interface SqsBatchSteps<T> {
  /** Each valid record, parsed. Throwing reports that record alone as a batch item failure. */
  record?: (event: T, record: SQSRecord, invocation: InvocationOptions) => Promise<unknown>;
  /**
   * Then the whole batch at once (state aggregated per batch, one write per key and bucket): the
   * records that passed the record step. Throwing reports every one of them as failed, so the step
   * must be safe to repeat (idempotent writes). A step that knows which records failed returns
   * `{ failedMessageIds }` instead: only those are reported.
   */
  batch?: (accepted: AcceptedRecord<T>[], invocation: InvocationOptions) => Promise<unknown>;
  /** Handle the records one after the other, in queue order (records that update the same state then never race). */
  inOrder?: boolean;
}

/**
 * An SQS-buffered function: the common stack, then each record's body validated against `schema`.
 * A record that fails its contract is quarantined and counts as a success (it has been dealt with);
 * failures are reported per record (ReportBatchItemFailures, Powertools batch), so one bad record
 * never fails or repeats its neighbours.
 */
export function sqsBatchHandler<S extends z.ZodType>(deps: StackDependencies, schema: S, steps: SqsBatchSteps<z.infer<S>>) {
  const processor = new BatchProcessor(EventType.SQS);
  return handlerStack<SQSEvent, SQSBatchResponse>(deps, async (event: SQSEvent, context: Context, invocation) => {
    const accepted: AcceptedRecord<z.infer<S>>[] = [];
    const handleRecord = async (record: SQSRecord) => {
      const input = await acceptOrQuarantine(record.body, schema, deps.ingest);
      if (!input.accepted) {
        deps.logger.warn('event quarantined', { messageId: record.messageId, quarantineId: input.quarantineId, reason: input.reason });
        return;
      }
      await steps.record?.(input.value, record, invocation);
      accepted.push({ messageId: record.messageId, event: input.value });
    };
    const response = await processPartialResponse(event, handleRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
      processInParallel: !steps.inOrder,
    });
    if (!steps.batch || accepted.length === 0) return response;
    try {
      const result = await steps.batch(accepted, invocation);
      const failed = failedMessageIdsOf(result).filter((id) => accepted.some((r) => r.messageId === id));
      if (failed.length === 0) return response;
      return { batchItemFailures: [...response.batchItemFailures, ...failed.map((itemIdentifier) => ({ itemIdentifier }))] };
    } catch (error) {
      deps.logger.error('batch step failed; its records are retried', { error: error as Error, records: accepted.length });
      return { batchItemFailures: [...response.batchItemFailures, ...accepted.map((r) => ({ itemIdentifier: r.messageId }))] };
    }
  });
}

/** The `failedMessageIds` a batch step may return (anything else: none failed). */
function failedMessageIdsOf(result: unknown): string[] {
  if (typeof result !== 'object' || result === null || !('failedMessageIds' in result)) return [];
  const ids = (result as { failedMessageIds: unknown }).failedMessageIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
