import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { BaseDependencies } from './baseDependencies';
import { quarantineInvalid } from './quarantineInvalid';

/** What middy hands a handler besides event and context: `signal` aborts shortly before the Lambda deadline. */
export interface InvocationOptions {
  signal: AbortSignal;
}

export type StackDependencies = Pick<BaseDependencies, 'logger' | 'metrics' | 'tally' | 'ingest'>;

/**
 * How long before Lambda's own deadline middy aborts the handler's signal and fails the invocation.
 * Long enough for a delivery to notice the abort, give up cleanly and let the failure path (Lambda
 * retry, then the on-failure destination or the queue's redrive) take over, before Lambda kills it.
 */
export const ABORT_BEFORE_DEADLINE_MS = 2_000;

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
  return middy(handler, { timeoutEarlyInMillis: ABORT_BEFORE_DEADLINE_MS })
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
