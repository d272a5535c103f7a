import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { RetryPolicy, type RetryDeadline, type RetryOptions } from '../retry';

/** PutEvents limits: 10 entries and 256 KB per request (entry sizes as AWS computes them). */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** Reported (never sent) for an entry that alone exceeds the request size limit. */
export const OVERSIZED_ENTRY = 'EntryTooLarge';

/** Per-entry codes worth retrying; anything else (a malformed entry, a forbidden source) fails the same way again. */
const RETRYABLE_CODES = new Set(['ThrottlingException', 'InternalFailure', 'InternalException', 'ServiceUnavailable']);

export interface PutEventsFailure {
  entry: PutEventsRequestEntry;
  errorCode: string;
  errorMessage: string;
}

export interface PutEventsOutcome {
  published: number;
  failed: PutEventsFailure[];
  requests: number;
}

export interface PutEventsBatchedOptions extends RetryDeadline {
  /** Requests per entry, the first included. Default 4. */
  maxAttempts?: number;
  sleep?: RetryOptions['sleep'];
  random?: RetryOptions['random'];
  /** Called after each request, for progress. */
  onRequest?: (published: number) => void;
}

/** The members of an entry that count towards its size (SDK entries and raw wire entries alike). */
export interface PutEventsEntrySizeInput {
  Time?: unknown;
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: readonly unknown[] | null;
  /** Does not count. */
  EventBusName?: unknown;
}

/**
 * Size of one entry as "Calculating PutEvents event entry size" defines it: Time 14 bytes when
 * present, then the UTF-8 bytes of Source, DetailType, Detail and each resource (not EventBusName).
 */
export function putEventsEntrySize(entry: PutEventsEntrySizeInput): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  for (const member of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (typeof member === 'string') size += Buffer.byteLength(member, 'utf8');
  }
  return size;
}

/** Splits entries into requests within the count and size limits (entries over the limit alone must be filtered out first). */
export function chunkPutEventsEntries(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const chunks: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = putEventsEntrySize(entry);
    if (current.length > 0 && (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size >= PUT_EVENTS_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * PutEvents for any number of entries: batched within the limits, entries that fail with a
 * retryable code are sent again (alone, with backoff), the others are reported with their code.
 * With a signal or deadline, a retry that cannot happen in time throws RetryDeadlineError (what
 * was published by then stays published: PutEvents entries are independent).
 */
export async function putEventsBatched(
  client: EventBridgeClient,
  entries: PutEventsRequestEntry[],
  options: PutEventsBatchedOptions = {},
): Promise<PutEventsOutcome> {
  // 200 ms, 400 ms, 800 ms… (equal jitter), at most 2 s: EventBridge throttling clears quickly.
  const policy = new RetryPolicy({
    retries: (options.maxAttempts ?? 4) - 1,
    baseDelayMs: 200,
    maxDelayMs: 2000,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  const deadline: RetryDeadline = { signal: options.signal, deadline: options.deadline };
  const outcome: PutEventsOutcome = { published: 0, failed: [], requests: 0 };
  // An entry over the limit would fail its whole request (ValidationException): report it alone instead.
  const fitting = entries.filter((entry) => {
    if (putEventsEntrySize(entry) < PUT_EVENTS_MAX_BYTES) return true;
    const errorMessage = `entry is ${putEventsEntrySize(entry)} bytes; PutEvents takes less than ${PUT_EVENTS_MAX_BYTES}`;
    outcome.failed.push({ entry, errorCode: OVERSIZED_ENTRY, errorMessage });
    return false;
  });
  for (const chunk of chunkPutEventsEntries(fitting)) {
    let pending = chunk;
    const run = policy.start(deadline);
    while (pending.length > 0) {
      const attempt = run.begin();
      const abortSignal = run.signal;
      const request = new PutEventsCommand({ Entries: pending });
      const response = await client.send(request, abortSignal ? { abortSignal } : {}).catch((error: unknown) => {
        run.throwIfAborted(); // an abort is the deadline's doing, not the service's
        throw error;
      });
      outcome.requests += 1;
      const retry: PutEventsRequestEntry[] = [];
      const results = response.Entries ?? [];
      pending.forEach((entry, i) => {
        const result = results[i];
        if (!result?.ErrorCode) {
          outcome.published += 1;
          return;
        }
        if (RETRYABLE_CODES.has(result.ErrorCode) && attempt <= policy.retries) retry.push(entry);
        else outcome.failed.push({ entry, errorCode: result.ErrorCode, errorMessage: result.ErrorMessage ?? '' });
      });
      options.onRequest?.(outcome.published);
      pending = retry;
      if (pending.length > 0) await run.next(`${pending.length} entries failed with a retryable code`);
    }
  }
  return outcome;
}
