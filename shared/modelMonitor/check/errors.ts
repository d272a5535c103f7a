/** Base class of every error the Model Monitor constraint check throws on purpose. */
export class ModelCheckError extends Error {
  override readonly name: string = 'ModelCheckError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A constraints.json (data quality or model quality) does not have the documented shape. */
export class InvalidConstraintsError extends ModelCheckError {
  override readonly name: string = 'InvalidConstraintsError';
}

/** A model-quality statistics file (the run's metrics) does not have the documented shape. */
export class InvalidModelQualityStatisticsError extends ModelCheckError {
  override readonly name: string = 'InvalidModelQualityStatisticsError';
}

/** The run's statistics and the baseline's constraints are of different monitoring types (data vs model quality). */
export class MismatchedMonitoringTypeError extends ModelCheckError {
  override readonly name: string = 'MismatchedMonitoringTypeError';
}
