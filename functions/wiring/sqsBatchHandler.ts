import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { acceptOrQuarantine } from '../../shared/ingest';
import { handlerStack, type StackDependencies } from './handlerStack';

export interface SqsBatchOptions {
  /** Handle the records one after the other, in queue order (records that update the same state then never race). */
  inOrder?: boolean;
}

/**
 * An SQS-buffered function: the common stack, then each record's body validated against `schema`
 * and handed to `recordHandler` parsed. A failure is reported for that record alone
 * (ReportBatchItemFailures), so one bad record never fails or repeats its neighbours. A record that
 * fails its contract is quarantined and counts as a success: it has been dealt with.
 */
export function sqsBatchHandler<S extends z.ZodType>(
  deps: StackDependencies,
  schema: S,
  recordHandler: (event: z.infer<S>, record: SQSRecord) => Promise<unknown>,
  options: SqsBatchOptions = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    const input = await acceptOrQuarantine(record.body, schema, deps.ingest);
    if (!input.accepted) {
      deps.logger.warn('event quarantined', { messageId: record.messageId, quarantineId: input.quarantineId, reason: input.reason });
      return;
    }
    await recordHandler(input.value, record);
  };
  return handlerStack<SQSEvent, SQSBatchResponse>(deps, (event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false, processInParallel: !options.inOrder }),
  );
}
