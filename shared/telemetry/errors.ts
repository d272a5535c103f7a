/** Base of the telemetry module's errors. */
export class TelemetryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryError';
  }
}

/** The ingest counters could not be written (DynamoDB refused or timed out). */
export class TelemetryCounterError extends TelemetryError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryCounterError';
  }
}
