/** Base error of the log-subscription module. */
export class LogSubscriptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogSubscriptionError';
  }
}

/** What is wrong with a subscription payload, in words that quote none of it. */
export type LogPayloadProblem = 'not-base64' | 'not-gzip' | 'too-large' | 'not-json' | 'not-a-payload';

/**
 * A subscription payload that cannot be read: not base64, not gzip, too large once inflated, not JSON,
 * or JSON that is not a subscription payload. `message` is the quarantine reason (no input quoted).
 */
export class LogPayloadError extends LogSubscriptionError {
  constructor(
    readonly problem: LogPayloadProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LogPayloadError';
  }
}
