import type { FunctionManifest } from '../../infra/manifest/types';
import { BaseConfigSchema } from '../../shared/config/schemas';

export const MetricStreamForwarderConfigSchema = BaseConfigSchema;

/**
 * The data transformation of the metric stream's Firehose (infra/resources/metricStream.yml): puts each CloudWatch
 * metric-stream record on the Vigil bus for endpoint-latency (docs/model-latency.md). Firehose invokes it itself,
 * synchronously, with its delivery role: no trigger of its own, and a failed invocation is retried by Firehose, then
 * its records land under the archive bucket's error prefix.
 */
export const manifest = {
  key: 'metricStreamForwarder',
  folder: 'metric-stream-forwarder',
  description: 'Kinesis Data Firehose transformation: CloudWatch metric-stream records onto the Vigil bus',
  memorySize: 256,
  timeoutSeconds: 60,
  config: MetricStreamForwarderConfigSchema,
  environment: {},
  triggers: [],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      // The records, and nothing else: the source and detail-type of events/rules/endpoint-latency.json.
      {
        Sid: 'PublishMetricStreamRecords',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: { 'Fn::GetAtt': ['VigilEventBus', 'Arn'] },
        Condition: {
          StringEquals: { 'events:source': 'vigil.metric-stream', 'events:detail-type': 'CloudWatch Metric Stream Record' },
        },
      },
    ],
  },
} satisfies FunctionManifest<typeof MetricStreamForwarderConfigSchema>;
