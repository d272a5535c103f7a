/** Errors of the alert drill. One base class with ErrorOptions passed through, like the other modules' errors.ts. */
class DrillError extends Error {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DrillError';
  }
}

/** A drill asked for a detection id that is neither registered, relayed nor a pipeline detection. */
class UnknownDrillDetectionError extends DrillError {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownDrillDetectionError';
  }
}

/** The drill's configuration (the `alertDrill` stage parameter, the local `drill` setting) is invalid. */
class DrillConfigError extends DrillError {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DrillConfigError';
  }
}

export { DrillConfigError, DrillError, UnknownDrillDetectionError };
