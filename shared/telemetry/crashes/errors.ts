/** Base of the crash module's errors. */
export class CrashError extends Error {
  override readonly name: string = 'CrashError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Parameters of a crash detection that do not pass its schema. */
export class CrashParameterError extends CrashError {
  override readonly name: string = 'CrashParameterError';
}

/** A crash group the issue state does not know. */
export class CrashIssueNotFoundError extends CrashError {
  override readonly name: string = 'CrashIssueNotFoundError';
}
