/**
 * The audit trail's errors. Branch on the class, never on the message. Messages name partitions,
 * sequence numbers and event ids, never a Restricted value.
 */
export class AuditError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditError';
  }
}

/**
 * Another writer took the chain position this writer wanted, more times in a row than the retry
 * budget allows: the event is not recorded yet, and the message is retried later (nothing is lost,
 * the chain is not forked).
 */
export class AuditConflictError extends AuditError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditConflictError';
  }
}

/**
 * The event is being recorded by another writer right now (its claim is younger than the lease): the
 * delivery is retried later, when it either finds the record or takes over an abandoned claim.
 */
export class AuditInProgressError extends AuditError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditInProgressError';
  }
}

/** A stored item is not an audit record this code wrote (corrupt, foreign or of an unknown schema version). */
export class AuditCorruptRecordError extends AuditError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditCorruptRecordError';
  }
}

/** Audit records could not be put on the Vigil bus for the SIEM within the retry budget. */
export class AuditPublishError extends AuditError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditPublishError';
  }
}

/** A query or verification that cannot be run as asked (bad time range, unknown principal form). */
export class AuditQueryError extends AuditError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditQueryError';
  }
}
