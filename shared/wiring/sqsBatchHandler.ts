import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * The body of an SQS-buffered function: records are handled one by one and a failure is reported for
 * that record alone (ReportBatchItemFailures), so one bad record never fails or repeats its neighbours.
 * A record the handler quarantines is a success: it has been dealt with. `inOrder` handles the
 * records one after the other, in queue order (records that update the same state then never race).
 */
export function sqsBatchHandler(
  recordHandler: (record: SQSRecord) => Promise<unknown>,
  options: { inOrder?: boolean } = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  const processInParallel = !options.inOrder;
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false, processInParallel });
}
