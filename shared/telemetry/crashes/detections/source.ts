import appTelemetryRule from '../../../../events/rules/app-telemetry.json';

/**
 * Where the crash detections' evidence comes from: app telemetry batches (the app-telemetry rule),
 * stored by functions/app-telemetry, read back from the telemetry store and concluded on by the
 * scheduled crash check (functions/crash-check) over settled slots of event time.
 */
export const CRASH_CHECK_SOURCE = {
  rule: appTelemetryRule.name,
  pattern: appTelemetryRule.pattern,
  function: 'crash-check',
} as const;
