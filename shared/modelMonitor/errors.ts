/** Base class of every error the model monitor raises on purpose. */
export class ModelMonitorError extends Error {
  override readonly name: string = 'ModelMonitorError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A report object the run needs is missing, unreadable or not what Model Monitor writes. The message
 * names the object (s3://bucket/key) and why; it never quotes the content (reports hold data values).
 */
export class ReportError extends ModelMonitorError {
  override readonly name: string = 'ReportError';

  constructor(
    readonly location: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${location}: ${problem}`, options);
  }
}

/**
 * The object is not there. Without s3:ListBucket (the role has none) S3 answers a missing object with AccessDenied,
 * so that is read as missing too, and said so. Where a report is optional (a model-quality run's statistics.json)
 * the run goes on without it; where it is required, the run is quarantined like any ReportError.
 */
export class MissingReportError extends ReportError {
  override readonly name: string = 'MissingReportError';
}

/** A monitoring-run event that cannot be placed (no report location, an S3 URI that is not one). */
export class MonitoringRunError extends ModelMonitorError {
  override readonly name: string = 'MonitoringRunError';
}
