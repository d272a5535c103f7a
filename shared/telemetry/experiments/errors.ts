/** Base of the experiment analysis's errors. */
export class ExperimentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExperimentError';
  }
}

/** An allocation that cannot be used (a weight not positive, a variant twice). */
export class InvalidAllocationError extends ExperimentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidAllocationError';
  }
}

/** The exposure counts could not be read or written (DynamoDB refused or timed out). */
export class ExposureStoreError extends ExperimentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExposureStoreError';
  }
}
