import { BaseConfigSchema, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const TelemetryRetentionConfigSchema = BaseConfigSchema.extend({
  /** The stored telemetry events (shared/telemetry/store). */
  TELEMETRY_TABLE: requiredString('TELEMETRY_TABLE'),
});

/** The anonymisation job: what TTL cannot do, removing values from items that outlive them (docs/telemetry-privacy.md). */
export const manifest = {
  key: 'telemetryRetention',
  folder: 'telemetry-retention',
  description: 'Telemetry retention: strips sealed values, pseudonyms and plaintext fields past their data class retention',
  memorySize: 512,
  timeoutSeconds: 300,
  config: TelemetryRetentionConfigSchema,
  environment: {
    TELEMETRY_TABLE: { table: 'TelemetryEvents' },
  },
  triggers: [
    {
      kind: 'schedule',
      name: 'hourly',
      expression: 'rate(1 hour)',
      description: 'Applies the telemetry retention steps that came due (on event time during a replay)',
      // A replay's quiet stretches: one run at their end does what every run in them would.
      replayCatchUp: 'latest',
    },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      // The strip index names what is due; each item is read, then rewritten conditionally on its revision.
      {
        Sid: 'TelemetryRetentionQuery',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: { 'Fn::Sub': '${TelemetryEvents.Arn}/index/strip-index' },
      },
      {
        Sid: 'TelemetryRetentionRewrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': ['TelemetryEvents', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof TelemetryRetentionConfigSchema>;
