import { RetryDeadlineError, type RetryDeadlineReason } from './errors';

/**
 * One retry policy for every remote call Vigil makes in an invocation: OpsGenie and Splunk HEC
 * POSTs, EventBridge PutEvents, DynamoDB conditional writes. Capped exponential backoff with
 * jitter, a server's back-off hint, and a deadline: a Lambda invocation has a fixed time budget,
 * and work that cannot finish inside it is better handed back (Lambda's retry, an outbox) than
 * killed half way.
 *
 * The caller owns the loop and says what each outcome means; the policy says whether and when
 * the next attempt may start:
 *
 * @example
 * const run = policy.start({ signal, deadline });
 * for (;;) {
 *   run.begin();                                   // throws RetryDeadlineError past the deadline
 *   const outcome = await attempt(run.attemptSignal(10_000).signal);
 *   if (outcome.ok) return outcome.value;
 *   if (!(await run.next(outcome.reason, outcome.retryAfterMs))) throw new GaveUp(run.attempts);
 * }
 */

type Jitter = 'equal' | 'full';

interface RetryOptions {
  /** Retries after the first attempt. Default 4 (the OpsGenie Go SDK's default). */
  retries?: number;
  /** First back-off step. Default 250 ms; doubles per retry. */
  baseDelayMs?: number;
  /** Cap on any single wait, server hints included. Default 20 s. */
  maxDelayMs?: number;
  /**
   * `equal` (default): half the step plus a random half, so a wait never collapses to zero;
   * `full`: anywhere in [0, step), best spread for many writers contending for one item.
   */
  jitter?: Jitter;
  /** Injected in tests. Default: a real timer, cut short by the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected in tests. Default: Math.random. */
  random?: () => number;
  /** Injected in tests. Default: Date.now. */
  now?: () => number;
}

/** When the caller's time is up. Both are optional; the earlier one wins. */
interface RetryDeadline {
  /** Aborted when the caller must stop (middy aborts it shortly before the Lambda timeout). */
  signal?: AbortSignal;
  /** Absolute time (epoch ms) after which no attempt starts and no wait ends. */
  deadline?: number;
}

const DEFAULTS = { retries: 4, baseDelayMs: 250, maxDelayMs: 20_000 } as const;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Wait before retry number `retry` (1-based): jitter over base·2^(retry-1), at least the hint, at most the cap. */
function backoffDelay(retry: number, options: RetryOptions = {}, hintMs?: number): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  const step = Math.min(cap, base * 2 ** (retry - 1));
  const jittered = options.jitter === 'full' ? random() * step : step / 2 + random() * (step / 2);
  return Math.round(Math.min(cap, Math.max(jittered, hintMs ?? 0)));
}

/**
 * A `Retry-After` value (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) in ms, if present and sane.
 * https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

class RetryPolicy {
  readonly #options: RetryOptions;

  public constructor(options: RetryOptions = {}) {
    this.#options = options;
  }

  /** Retries after the first attempt. */
  public get retries(): number {
    return Math.max(0, this.#options.retries ?? DEFAULTS.retries);
  }

  public delay(retry: number, hintMs?: number): number {
    return backoffDelay(retry, this.#options, hintMs);
  }

  /** A fresh run (attempt count, deadline) for one operation. */
  public start(deadline: RetryDeadline = {}): RetryRun {
    return new RetryRun(this, this.#options, deadline);
  }
}

/** One operation's attempts under a {@link RetryPolicy}. */
class RetryRun {
  /** Attempts started so far. */
  public attempts = 0;
  public readonly signal?: AbortSignal;
  readonly #policy: RetryPolicy;
  readonly #deadline?: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  #lastFailure?: string;

  public constructor(policy: RetryPolicy, options: RetryOptions, deadline: RetryDeadline) {
    this.#policy = policy;
    if (deadline.signal !== undefined) this.signal = deadline.signal;
    if (deadline.deadline !== undefined) this.#deadline = deadline.deadline;
    this.#sleep = options.sleep ?? realSleep;
    this.#now = options.now ?? Date.now;
  }

  /** Time left before the deadline; Infinity without one. */
  public remainingMs(): number {
    return this.#deadline === undefined ? Infinity : this.#deadline - this.#now();
  }

  /** Call before each attempt: counts it, or throws {@link RetryDeadlineError} when the time is up. */
  public begin(): number {
    this.throwIfAborted();
    if (this.remainingMs() <= 0) throw this.#stopped('deadline', 'the deadline has passed');
    this.attempts += 1;
    return this.attempts;
  }

  /**
   * A signal for one attempt: aborted by the caller's signal, or after `timeoutMs`, or at the
   * deadline, whichever comes first. `timeoutMs` is the timeout actually applied.
   */
  public attemptSignal(timeoutMs: number): { signal: AbortSignal; timeoutMs: number } {
    const applied = Math.max(1, Math.ceil(Math.min(timeoutMs, this.remainingMs())));
    const timeout = AbortSignal.timeout(applied);
    return { signal: this.signal ? AbortSignal.any([this.signal, timeout]) : timeout, timeoutMs: applied };
  }

  /**
   * After a failed attempt: false when the retry budget is spent (the caller reports that its own
   * way); otherwise waits the backoff (or the server's hint) and returns true. Throws
   * {@link RetryDeadlineError} when the signal is aborted (before or during the wait) or when the
   * wait would end at or past the deadline: no point sleeping into a retry that cannot start.
   */
  public async next(failure: string, hintMs?: number): Promise<boolean> {
    this.#lastFailure = failure;
    this.throwIfAborted();
    if (this.attempts > this.#policy.retries) return false;
    const wait = this.#policy.delay(this.attempts, hintMs);
    const remaining = this.remainingMs();
    if (wait >= remaining) {
      const left = Math.max(0, Math.round(remaining));
      throw this.#stopped('deadline', `retry ${this.attempts} would wait ${wait} ms, past the deadline (${left} ms left)`);
    }
    await this.#sleepUnlessAborted(wait);
    return true;
  }

  async #sleepUnlessAborted(ms: number): Promise<void> {
    const signal = this.signal;
    if (signal === undefined) return this.#sleep(ms);
    // Raced against the signal so that an injected sleep that ignores it is cut short as well.
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(this.#stopped('aborted', 'aborted during the back-off wait', signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#sleep(ms, signal).then(
        () => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) onAbort();
          else resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Throws {@link RetryDeadlineError} when the signal is aborted; e.g. to tell an aborted request from a failed one. */
  public throwIfAborted(): void {
    if (this.signal?.aborted) throw this.#stopped('aborted', 'the signal was aborted', this.signal.reason);
  }

  #stopped(reason: RetryDeadlineReason, why: string, cause?: unknown): RetryDeadlineError {
    const n = this.attempts;
    const last = this.#lastFailure === undefined ? '' : `; last failure: ${this.#lastFailure}`;
    const message = `gave up after ${n} ${n === 1 ? 'attempt' : 'attempts'}: ${why}${last}`;
    return new RetryDeadlineError(message, {
      reason,
      attempts: n,
      ...(this.#lastFailure === undefined ? {} : { lastFailure: this.#lastFailure }),
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

export { RetryPolicy, RetryRun, backoffDelay, retryAfterMs };
export type { Jitter, RetryDeadline, RetryOptions };
