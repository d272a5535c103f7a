import { PermanentDeliveryError, RetryableDeliveryError, type AlertDeliveryErrorOptions } from './errors';

/**
 * POST with a per-attempt timeout and retries with jittered exponential backoff, shared by the HTTP
 * sinks. The sink says what a response means ({@link Verdict}); this module owns the loop.
 *
 * Policy (alerting.md §1.6, after the official OpsGenie Go SDK): retry on 429, on 5xx except 501,
 * on network errors and timeouts; 4 retries by default; honour a server's back-off hint
 * (`Retry-After`, OpsGenie's `X-RateLimit-Period-In-Sec`) up to `maxDelayMs`.
 */

interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** First back-off step. Default 250 ms; doubles per retry. */
  baseDelayMs?: number;
  /** Cap on any single wait, server hints included. Default 20 s (a Lambda has a deadline; the outbox takes over). */
  maxDelayMs?: number;
  /** Injected in tests. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected in tests. Default: Math.random. */
  random?: () => number;
}

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
  | { kind: 'fail'; reason: string; code?: number | string; requestId?: string; invalidRecordIndex?: number };

interface PostArgs<T> {
  sink: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  http: HttpSinkOptions;
  classify: (response: HttpResponseView) => Verdict<T>;
  /** Records already accepted by earlier requests of the same delivery (reported on failure). */
  delivered?: number;
}

interface PostResult<T> {
  value: T;
  attempts: number;
  status: number;
}

const DEFAULTS = { retries: 4, baseDelayMs: 250, maxDelayMs: 20_000, timeoutMs: 10_000 } as const;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait before retry number `retry` (1-based): equal jitter over base·2^(retry-1), at least the hint, at most the cap. */
function backoffDelay(retry: number, options: RetryOptions = {}, hintMs?: number): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  const step = Math.min(cap, base * 2 ** (retry - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.min(cap, Math.max(jittered, hintMs ?? 0)));
}

/** `Retry-After` (seconds or an HTTP date) in ms, if present and sane. */
function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Standard classification of a status that the sink did not recognise as its own success or error. */
function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** Duck-typed: fetch's errors (TypeError, DOMException) may come from another realm, so no instanceof. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  if (typeof message !== 'string') return `network error: ${String(error)}`;
  const causeMessage = typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  return `network error: ${message}${typeof causeMessage === 'string' ? `: ${causeMessage}` : ''}`;
}

async function postWithRetry<T>(args: PostArgs<T>): Promise<PostResult<T>> {
  const { sink, url, body, http, classify } = args;
  const retries = Math.max(0, http.retry?.retries ?? DEFAULTS.retries);
  const timeoutMs = http.timeoutMs ?? DEFAULTS.timeoutMs;
  const sleep = http.retry?.sleep ?? realSleep;
  const fetchImpl = http.fetch ?? globalThis.fetch;
  const where = `${sink} POST ${url}`;
  const base: AlertDeliveryErrorOptions = { sink };
  if (args.delivered !== undefined) base.delivered = args.delivered;

  // Problems no retry can fix are found before the first attempt (fetch would report them as TypeErrors).
  let headers: Headers;
  try {
    new URL(url);
    headers = new Headers(args.headers);
  } catch (cause) {
    throw new PermanentDeliveryError(`${where}: invalid request (URL or header value)`, { ...base, cause, attempts: 0 });
  }

  let lastStatus: number | undefined;
  for (let attempt = 1; ; attempt++) {
    let verdict: Verdict<T>;
    let cause: unknown;
    try {
      const response = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text();
      lastStatus = response.status;
      verdict = classify({ status: response.status, statusText: response.statusText, headers: response.headers, text });
    } catch (error) {
      cause = error;
      verdict = { kind: 'retry', reason: describeFetchError(error, timeoutMs) };
    }

    if (verdict.kind === 'ok') return { value: verdict.value, attempts: attempt, status: lastStatus ?? 0 };

    const options: AlertDeliveryErrorOptions = { ...base, attempts: attempt };
    if (cause !== undefined) options.cause = cause;
    else if (lastStatus !== undefined) options.status = lastStatus;
    if (verdict.code !== undefined) options.code = verdict.code;
    if (verdict.requestId !== undefined) options.requestId = verdict.requestId;

    if (verdict.kind === 'fail') {
      if (verdict.invalidRecordIndex !== undefined) options.invalidRecordIndex = verdict.invalidRecordIndex;
      throw new PermanentDeliveryError(`${where}: ${verdict.reason}`, options);
    }
    if (attempt > retries) {
      const plural = attempt === 1 ? 'attempt' : 'attempts';
      throw new RetryableDeliveryError(`${where}: gave up after ${attempt} ${plural}: ${verdict.reason}`, options);
    }
    await sleep(backoffDelay(attempt, http.retry, verdict.retryAfterMs));
  }
}

/** A response body shortened for an error message (receivers' error bodies can be whole HTML pages). */
function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

export { backoffDelay, excerpt, isRetryableStatus, postWithRetry, retryAfterMs };
export type { HttpResponseView, HttpSinkOptions, PostResult, RetryOptions, Verdict };
