import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { RetryDeadline } from '../../shared/retry';
import type { BaseDependencies } from './baseDependencies';
import { quarantineInvalid } from './quarantineInvalid';

/**
 * The invocation's time budget, as every retry in shared/ takes it (shared/retry RetryDeadline):
 * `deadline` is when work must stop retrying, GIVE_UP_BEFORE_DEADLINE_MS before Lambda's own, which
 * leaves time to log, count and fail cleanly; `signal` is middy's, aborted ABORT_BEFORE_DEADLINE_MS
 * before Lambda's deadline, a backstop that also cuts requests in flight.
 */
export interface InvocationOptions extends RetryDeadline {
  signal: AbortSignal;
  deadline: number;
}

export type StackDependencies = Pick<BaseDependencies, 'logger' | 'metrics' | 'tally' | 'ingest'>;

/** Retries stop this long before Lambda's deadline; the failure path (Lambda retry, redrive, on-failure queue) takes over. */
export const GIVE_UP_BEFORE_DEADLINE_MS = 2_000;
/** middy aborts the handler's signal (and fails the invocation) this long before Lambda's deadline. */
export const ABORT_BEFORE_DEADLINE_MS = 1_000;

/**
 * Every Vigil function's middleware stack, in the one order that is right for all of them:
 *   1. injectLambdaContext: request id and cold start on every log line (keys reset per invocation);
 *   2. logMetrics: flushes the invocation's metrics, on success and on error;
 *   3. the tally: hands the invocation's summed counts to logMetrics before it flushes;
 *   4. (optional) quarantine: validates the event against its contract, quarantines what fails.
 * middy runs `before` in this order and `after`/`onError` in reverse, so the tally publishes before
 * logMetrics flushes, and a quarantine warning already carries the request id.
 */
export function handlerStack<TEvent, TResult>(
  deps: StackDependencies,
  handler: (event: TEvent, context: Context, options: InvocationOptions) => Promise<TResult>,
) {
  const withBudget = (event: TEvent, context: Context, { signal }: { signal: AbortSignal }) =>
    handler(event, context, { signal, deadline: Date.now() + context.getRemainingTimeInMillis() - GIVE_UP_BEFORE_DEADLINE_MS });
  return middy(withBudget, { timeoutEarlyInMillis: ABORT_BEFORE_DEADLINE_MS })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }))
    .use(deps.tally.middleware(deps.metrics));
}

/** What a directly invoked function returns for an event it quarantined instead of handling. */
export interface QuarantinedResult {
  quarantined: true;
  quarantineId: string;
}

/**
 * A directly invoked (or scheduled) function: the stack above, then the event validated against
 * `schema`. The handler receives the parsed event; an invalid one is quarantined, and the invocation
 * succeeds (nothing a retry could fix).
 */
export function eventHandler<S extends z.ZodType, TResult>(
  deps: StackDependencies,
  schema: S,
  handler: (event: z.infer<S>, context: Context, options: InvocationOptions) => Promise<TResult>,
) {
  return handlerStack<z.infer<S>, TResult | QuarantinedResult>(deps, handler).use(quarantineInvalid(schema, deps));
}
