import { z } from 'zod';
import appTelemetryRule from '../../../../events/rules/app-telemetry.json';
import type { DetectionDefinition } from '../../../detections/definition';
import type { RelayedDetection } from '../../../detections/relayed';
import { APP_SIGNALS_FUNCTION } from '../origin';

export const TELEMETRY_SCHEMA_REJECTIONS: DetectionDefinition = {
  id: 'telemetry-schema-rejections',
  title: 'An app release sends telemetry the spec rejects',
  severity: 'medium',
  mitre: [],
  // One finding per app, platform and release and day: each hour over the threshold adds to its count.
  dedupWindowMinutes: 24 * 60,
};

const Parameters = z.strictObject({
  threshold: z
    .number()
    .gt(0)
    .max(1)
    .default(0.05)
    .describe("Share of a release's events in one hour that broke the spec (rejected, or marked in a marking stage) at which it fires"),
  minEvents: z
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('Events of the release in that hour (accepted and quarantined) below which nothing fires: too few to call it a rate'),
  includeMarked: z
    .boolean()
    .default(true)
    .describe('Count the events a marking stage accepted as unexpected as rejections too (they broke the spec all the same)'),
});

export type SchemaRejectionParams = z.output<typeof Parameters>;

/**
 * telemetry-schema-rejections: the share of an app release's events that the telemetry spec refused, per hour of
 * receipt, from the ingest counters (shared/telemetry/TelemetryIngestCounters.ts). Concluded by functions/app-telemetry
 * once its batch's counts are added (shared/telemetry/signals/schemaRejections/SchemaRejectionMonitor.ts).
 */
export const telemetrySchemaRejections: RelayedDetection<SchemaRejectionParams> = {
  definition: TELEMETRY_SCHEMA_REJECTIONS,
  parameters: Parameters,
  source: {
    rule: appTelemetryRule.name,
    pattern: appTelemetryRule.pattern,
    function: APP_SIGNALS_FUNCTION,
    severity: 'medium: a data-quality problem of one release, not an attack',
    mitre: 'none (data quality)',
    dedup: 'per app, platform and release within 24 h of receipt time; one occurrence per hour over the threshold',
  },
};
