export class FindingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FindingError';
  }
}

/** Another writer changed the finding between our read and our write, too many times in a row. */
export class FindingConflictError extends FindingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FindingConflictError';
  }
}

/** Some findings could not be put on the bus within the retry budget. */
export class FindingPublishError extends FindingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FindingPublishError';
  }
}
