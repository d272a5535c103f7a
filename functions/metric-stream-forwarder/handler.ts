import { KinesisFirehoseSchema } from '@aws-lambda-powertools/parser/schemas';
import { readConfig } from '../../shared/config';
import { MetricStreamForwarder } from '../../shared/slo/modelLatency';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Metric-stream forwarder: the Kinesis Data Firehose data transformation of the stage's CloudWatch metric stream.
 * Each record's newline-delimited metric-stream JSON goes onto the Vigil bus, one event per metric record, for
 * endpoint-latency (shared/slo/modelLatency/MetricStreamForwarder.ts). A line that is not a metric-stream record is
 * quarantined with the reason and counted; a record PutEvents refused for good goes back ProcessingFailed (Firehose
 * keeps it under the bucket's error prefix).
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally, quarantine } = deps;
const forwarder = new MetricStreamForwarder({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME });

export const handler = eventHandler(deps, KinesisFirehoseSchema, async (event, _context, budget) => {
  const outcome = await forwarder.forward(event.records, budget);
  for (const line of outcome.rejected) {
    const quarantineId = await quarantine.put({
      component: manifest.folder,
      reason: `firehose record ${line.recordId}, line ${line.line}: ${line.reason}`,
      payload: line.text,
      source: 'aws.firehose',
      detailType: 'Firehose Data Transformation',
      eventId: `${event.invocationId}/${line.recordId}/${line.line}`,
    });
    logger.warn('metric-stream line quarantined', { recordId: line.recordId, line: line.line, reason: line.reason, quarantineId });
  }
  tally.count('MetricStreamRecordsForwarded', outcome.forwarded);
  tally.count('MetricStreamLinesQuarantined', outcome.rejected.length);
  tally.count('MetricStreamRecordsFailed', outcome.failed.length);
  if (outcome.failed.length > 0) {
    const { errorCode, errorMessage } = outcome.failed[0]!;
    logger.error('metric-stream records not put on the bus', { failed: outcome.failed.length, errorCode, errorMessage });
  }
  logger.info('metric-stream batch', { records: event.records.length, forwarded: outcome.forwarded, rejected: outcome.rejected.length });
  return { records: outcome.records };
});
