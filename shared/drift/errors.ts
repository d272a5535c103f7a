/** Base class of every error the drift statistics throw on purpose. */
export class DriftError extends Error {
  override readonly name: string = 'DriftError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A sample holds no value: no statistic is defined on it. */
export class EmptySampleError extends DriftError {
  override readonly name: string = 'EmptySampleError';
}

/** A numeric sample holds NaN or ±Infinity (a value no distance is defined on). `index` is its 0-based position. */
export class NonFiniteValueError extends DriftError {
  override readonly name: string = 'NonFiniteValueError';

  constructor(
    message: string,
    readonly index: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An argument is out of its domain: a significance level outside (0, 1), a weight that is not a positive integer, ... */
export class InvalidDriftArgumentError extends DriftError {
  override readonly name: string = 'InvalidDriftArgumentError';
}

/** A Model Monitor statistics.json (or one of its KLL sketches) does not have the documented shape. */
export class InvalidStatisticsError extends DriftError {
  override readonly name: string = 'InvalidStatisticsError';
}
