/**
 * Errors of the retry policy. Shaped like Powertools' own (packages/idempotency/src/errors.ts in
 * aws-powertools/powertools-lambda-typescript): one base class extending Error, ErrorOptions passed through.
 */
class RetryError extends Error {
  public constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryError';
  }
}

/** Why a run stopped before its attempt budget was spent. */
type RetryDeadlineReason = 'aborted' | 'deadline';

interface RetryDeadlineErrorOptions extends ErrorOptions {
  reason: RetryDeadlineReason;
  /** Attempts started before giving up (0 when the deadline had already passed). */
  attempts: number;
  /** Why the last attempt failed, if one did. */
  lastFailure?: string;
}

/**
 * The run gave up because its deadline arrived (or would have, during the next wait) or its signal
 * was aborted. Retryable from the caller's point of view: the same work may succeed in a later
 * invocation (Lambda's own retry, an outbox), just not in this one.
 */
class RetryDeadlineError extends RetryError {
  public readonly reason: RetryDeadlineReason;
  public readonly attempts: number;
  public readonly lastFailure?: string;

  public constructor(message: string, options: RetryDeadlineErrorOptions) {
    const { reason, attempts, lastFailure, ...errorOptions } = options;
    super(message, errorOptions);
    this.name = 'RetryDeadlineError';
    this.reason = reason;
    this.attempts = attempts;
    if (lastFailure !== undefined) this.lastFailure = lastFailure;
  }
}

export { RetryDeadlineError, RetryError };
export type { RetryDeadlineErrorOptions, RetryDeadlineReason };
