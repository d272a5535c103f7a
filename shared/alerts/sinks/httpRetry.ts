import { RetryDeadlineError, RetryPolicy, type RetryDeadline, type RetryOptions } from '../../retry';
import { PermanentDeliveryError, RetryableDeliveryError, type AlertDeliveryErrorOptions } from './errors';

/**
 * An HTTP request with a per-attempt timeout and retries under the shared {@link RetryPolicy}, for the
 * HTTP sinks (Splunk HEC, the OpsGenie client). The sink says what a response means ({@link Verdict}); this module runs the attempts.
 *
 * Policy (after the official OpsGenie Go SDK; limits: https://docs.opsgenie.com/docs/api-rate-limiting):
 * retry on 429, on 5xx except 501, on network errors and timeouts; 4 retries by default; honour a
 * server's back-off hint (`Retry-After`, OpsGenie's `X-RateLimit-Period-In-Sec`) up to `maxDelayMs`.
 * With a deadline, the delivery gives up with a RetryableDeliveryError (cause: RetryDeadlineError)
 * rather than wait or send past it.
 */

interface HttpSinkOptions {
  /** Per attempt, connection and body included. Default 10 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Default: the global fetch (Node 20's built-in). */
  fetch?: typeof fetch;
}

interface HttpResponseView {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** What one response means. `retryAfterMs` is the server's hint, if it gave one. */
type Verdict<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'retry'; reason: string; code?: number | string; retryAfterMs?: number; requestId?: string }
  | {
      kind: 'fail';
      reason: string;
      code?: number | string;
      requestId?: string;
      invalidRecordIndex?: number;
      /** The sink's own subclass of PermanentDeliveryError, with its fields; default a PermanentDeliveryError. */
      error?: (message: string, options: AlertDeliveryErrorOptions) => PermanentDeliveryError;
    };

interface SendArgs<T> {
  sink: string;
  /** Default POST. */
  method?: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  /** Absent for a GET. */
  body?: string;
  http: HttpSinkOptions;
  /** The caller's time budget (the router passes the invocation's). */
  deadline?: RetryDeadline | undefined;
  classify: (response: HttpResponseView) => Verdict<T>;
  /** Records already accepted by earlier requests of the same delivery (reported on failure). */
  delivered?: number;
  /** Named in the errors (AlertDeliveryError.operation). */
  operation?: string;
}

type PostArgs<T> = Omit<SendArgs<T>, 'method'> & { body: string };

interface PostResult<T> {
  value: T;
  attempts: number;
  status: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Standard classification of a status that the sink did not recognise as its own success or error. */
function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** Duck-typed: fetch's errors (TypeError, DOMException) may come from another realm, so no instanceof. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  type ErrorLike = { name?: unknown; message?: unknown; cause?: unknown };
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  if (typeof message !== 'string') return `network error: ${String(error)}`;
  const causeMessage = typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  return `network error: ${message}${typeof causeMessage === 'string' ? `: ${causeMessage}` : ''}`;
}

async function sendWithRetry<T>(args: SendArgs<T>): Promise<PostResult<T>> {
  const { sink, url, body, http, classify } = args;
  const method = args.method ?? 'POST';
  const timeoutMs = http.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = http.fetch ?? globalThis.fetch;
  const where = `${sink} ${method} ${url}`;
  const base: AlertDeliveryErrorOptions = { sink };
  if (args.delivered !== undefined) base.delivered = args.delivered;
  if (args.operation !== undefined) base.operation = args.operation;

  // Problems no retry can fix are found before the first attempt (fetch would report them as TypeErrors).
  let headers: Headers;
  try {
    new URL(url);
    headers = new Headers(args.headers);
  } catch (cause) {
    throw new PermanentDeliveryError(`${where}: invalid request (URL or header value)`, { ...base, cause, attempts: 0 });
  }

  const run = new RetryPolicy(http.retry).start(args.deadline ?? {});
  let lastStatus: number | undefined;
  try {
    for (;;) {
      const attempt = run.begin();
      const limit = run.attemptSignal(timeoutMs);
      let verdict: Verdict<T>;
      let cause: unknown;
      try {
        const init: RequestInit = { method, headers, signal: limit.signal };
        if (body !== undefined) init.body = body;
        const response = await fetchImpl(url, init);
        const text = await response.text();
        lastStatus = response.status;
        verdict = classify({ status: response.status, statusText: response.statusText, headers: response.headers, text });
      } catch (error) {
        cause = error;
        verdict = { kind: 'retry', reason: describeFetchError(error, limit.timeoutMs) };
      }

      if (verdict.kind === 'ok') return { value: verdict.value, attempts: attempt, status: lastStatus ?? 0 };

      const options: AlertDeliveryErrorOptions = { ...base, attempts: attempt };
      if (cause !== undefined) options.cause = cause;
      else if (lastStatus !== undefined) options.status = lastStatus;
      if (verdict.code !== undefined) options.code = verdict.code;
      if (verdict.requestId !== undefined) options.requestId = verdict.requestId;

      if (verdict.kind === 'fail') {
        if (verdict.invalidRecordIndex !== undefined) options.invalidRecordIndex = verdict.invalidRecordIndex;
        const message = `${where}: ${verdict.reason}`;
        throw verdict.error ? verdict.error(message, options) : new PermanentDeliveryError(message, options);
      }
      if (!(await run.next(verdict.reason, verdict.retryAfterMs))) {
        const plural = attempt === 1 ? 'attempt' : 'attempts';
        throw new RetryableDeliveryError(`${where}: gave up after ${attempt} ${plural}: ${verdict.reason}`, options);
      }
    }
  } catch (error) {
    if (!(error instanceof RetryDeadlineError)) throw error;
    // Out of time, not out of luck: a later invocation (Lambda's retry, the outbox) may deliver it.
    const options: AlertDeliveryErrorOptions = { ...base, attempts: error.attempts, cause: error };
    if (lastStatus !== undefined) options.status = lastStatus;
    throw new RetryableDeliveryError(`${where}: ${error.message}`, options);
  }
}

/** A POST (the HEC sink's only request). */
function postWithRetry<T>(args: PostArgs<T>): Promise<PostResult<T>> {
  return sendWithRetry({ ...args, method: 'POST' });
}

/** A response body shortened for an error message (receivers' error bodies can be whole HTML pages). */
function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

export { describeFetchError, excerpt, isRetryableStatus, postWithRetry, sendWithRetry };
export type { HttpResponseView, HttpSinkOptions, PostResult, SendArgs, Verdict };
