/** Errors of the outbox. One base class with ErrorOptions passed through, like the other modules' errors.ts. */
class OutboxError extends Error {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutboxError';
  }
}

/** A stored entry that cannot be read back (a payload that is not the JSON it was written as). */
class OutboxEntryError extends OutboxError {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutboxEntryError';
  }
}

export { OutboxEntryError, OutboxError };
