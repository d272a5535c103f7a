export { RetryDeadlineError, RetryError } from './errors';
export type { RetryDeadlineErrorOptions, RetryDeadlineReason } from './errors';
export { RetryPolicy, RetryRun, backoffDelay, retryAfterMs } from './RetryPolicy';
export type { Jitter, RetryDeadline, RetryOptions } from './RetryPolicy';
