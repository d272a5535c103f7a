import { z } from 'zod';
import appTelemetryRule from '../../../../events/rules/app-telemetry.json';
import type { DetectionDefinition } from '../../../detections/definition';
import type { RelayedDetection } from '../../../detections/relayed';
import { APP_SIGNALS_FUNCTION } from '../origin';

export const APP_DATA_EXPORT_ANOMALY: DetectionDefinition = {
  id: 'app-data-export-anomaly',
  title: "Records exported by an app user far above the user's own baseline",
  severity: 'high',
  mitre: ['T1530'],
  // One finding per user and day: a burst of exports grows one finding.
  dedupWindowMinutes: 24 * 60,
};

const Parameters = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(180)
    .default(60)
    .describe("Sliding window of event time over which one user's exported records are summed, in minutes"),
  floorRecords: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('Static floor: records exported by one user within the window below which nothing fires (a new user is judged on it alone)'),
  factor: z
    .number()
    .min(1)
    .default(10)
    .describe("How many times the user's own reference (the peak hourly records of the history) a window must exceed to fire"),
  lookbackDays: z.number().int().min(1).max(30).default(14).describe('Days of hourly export history the reference is taken from'),
  minHistoryDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(3)
    .describe('Days with exports needed before the time-of-day profile is the reference; before that, the peak hour of any time is'),
  hourSpread: z
    .number()
    .int()
    .min(0)
    .max(12)
    .default(12)
    .describe(
      "Hours on either side of the window's hour of day the reference reads: 12 (default) is every hour, the user's peak hour " +
        'of the lookback (people export when they please); 1 makes it a time-of-day profile (scheduled exports)',
    ),
  settleHours: z
    .number()
    .int()
    .min(1)
    .max(24)
    .default(2)
    .describe('Hours just before the window left out of the reference: late events may still be arriving for them'),
});

export type DataExportAnomalyParams = z.output<typeof Parameters>;

/**
 * app-data-export-anomaly: records exported (`data_export` events, `recordCount`) per app user in a sliding hour of
 * event time, against the user's own hourly history: W(1 h) + BL. Keyed by the user's keyed pseudonym, never the id.
 * Concluded by functions/app-telemetry (shared/telemetry/signals/dataExport/DataExportMonitor.ts).
 */
export const appDataExportAnomaly: RelayedDetection<DataExportAnomalyParams> = {
  definition: APP_DATA_EXPORT_ANOMALY,
  parameters: Parameters,
  source: {
    rule: appTelemetryRule.name,
    pattern: appTelemetryRule.pattern,
    function: APP_SIGNALS_FUNCTION,
    severity: 'high: a user exporting over the floor and over `factor` times the peak hour of their own history',
    mitre: 'T1530 (data from a cloud store, through the app: a stolen session or an insider exporting in bulk)',
    dedup: 'per user pseudonym within 24 h of event time',
  },
};
