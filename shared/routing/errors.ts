/**
 * Errors of the alert router. One base class with ErrorOptions passed through, like the other modules' errors.ts.
 */
class RoutingError extends Error {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RoutingError';
  }
}

/** The routing configuration (serverless.yml `alertRouting`, the local `--config` `routing`) is invalid. */
class RoutingConfigError extends RoutingError {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RoutingConfigError';
  }
}

/** A conditional write on the router's state kept losing to concurrent writers. */
class RouterStateConflictError extends RoutingError {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RouterStateConflictError';
  }
}

export { RouterStateConflictError, RoutingConfigError, RoutingError };
