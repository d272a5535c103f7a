import { TelemetryError } from '../errors';

/** Base of the app signal detections' errors (schema rejections, SRM, latency SLO, data exports). */
export class AppSignalError extends TelemetryError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppSignalError';
  }
}

/** A signal's state could not be read or written (DynamoDB refused or timed out). */
export class AppSignalStoreError extends AppSignalError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppSignalStoreError';
  }
}
