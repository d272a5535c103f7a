/** Base of the telemetry event store's errors. */
export class TelemetryStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryStoreError';
  }
}

/** No stored event with that id (never stored, expired, or erased). */
export class TelemetryEventNotFoundError extends TelemetryStoreError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryEventNotFoundError';
  }
}

/** A stored item is not one this module wrote (unknown format version, unreadable document). */
export class TelemetryItemCorruptError extends TelemetryStoreError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryItemCorruptError';
  }
}
