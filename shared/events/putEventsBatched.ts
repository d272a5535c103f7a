import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents limits: 10 entries and 256 KB per request (entry sizes as AWS computes them). */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

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

export interface PutEventsBatchedOptions {
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each request, for progress. */
  onRequest?: (published: number) => void;
}

/** Size of one entry as EventBridge counts it against the 256 KB limit. */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  size += Buffer.byteLength(entry.Source ?? '', 'utf8');
  size += Buffer.byteLength(entry.DetailType ?? '', 'utf8');
  size += Buffer.byteLength(entry.Detail ?? '', 'utf8');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}

/** Splits entries into requests within the count and size limits; an entry over the limit travels alone (and is refused). */
export function chunkPutEventsEntries(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const chunks: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = putEventsEntrySize(entry);
    if (current.length > 0 && (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size > PUT_EVENTS_MAX_BYTES)) {
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
 */
export async function putEventsBatched(
  client: EventBridgeClient,
  entries: PutEventsRequestEntry[],
  options: PutEventsBatchedOptions = {},
): Promise<PutEventsOutcome> {
  const maxAttempts = options.maxAttempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const outcome: PutEventsOutcome = { published: 0, failed: [], requests: 0 };
  for (const chunk of chunkPutEventsEntries(entries)) {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 1) await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
      const response = await client.send(new PutEventsCommand({ Entries: pending }));
      outcome.requests += 1;
      const retry: PutEventsRequestEntry[] = [];
      const results = response.Entries ?? [];
      pending.forEach((entry, i) => {
        const result = results[i];
        if (!result?.ErrorCode) {
          outcome.published += 1;
          return;
        }
        if (RETRYABLE_CODES.has(result.ErrorCode) && attempt < maxAttempts) retry.push(entry);
        else outcome.failed.push({ entry, errorCode: result.ErrorCode, errorMessage: result.ErrorMessage ?? '' });
      });
      options.onRequest?.(outcome.published);
      pending = retry;
    }
  }
  return outcome;
}
