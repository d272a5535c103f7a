/** Base of the telemetry privacy module's errors (pseudonyms, retention). */
export class TelemetryPrivacyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryPrivacyError';
  }
}

/** KMS refused or failed a GenerateMac: the user id could not be pseudonymised (the event is not stored without it). */
export class PseudonymError extends TelemetryPrivacyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PseudonymError';
  }
}

/** An erasure asked for something that is not a user's pseudonym: nothing is erased. */
export class ErasureError extends TelemetryPrivacyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ErasureError';
  }
}
