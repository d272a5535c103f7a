import { RetryDeadlineError, RetryPolicy, type RetryDeadline } from '../../retry';
import { HEC_CODES, parseHecReply } from '../splunkHec';
import { excerpt, isRetryableStatus, postWithRetry, type HttpResponseView, type HttpSinkOptions, type Verdict } from './httpRetry';

/**
 * Splunk HEC indexer acknowledgement ("About HTTP Event Collector Indexer Acknowledgment",
 * https://docs.splunk.com/Documentation/Splunk/latest/Data/AboutHECIDXAck): with `useACK` on the token, every
 * POST carries a channel GUID (`X-Splunk-Request-Channel`) and its reply an `ackId`; a 200 then only means
 * "parsed", and the events are safely indexed when `POST /services/collector/ack?channel=<guid>` with
 * `{"acks":[ids]}` answers `{"acks":{"<id>":true}}` (false: not yet, or unknown). Polled here with capped
 * backoff until every id is acknowledged or the budget is spent.
 */

interface HecAckOptions {
  /** How long to wait for every ack before giving up (the records are then resent). Default 15 s. */
  budgetMs?: number;
  /** First wait between two polls; doubles up to `maxIntervalMs`. Default 250 ms. */
  intervalMs?: number;
  /** Default 2 s (Splunk's docs suggest polling every few seconds; a Lambda cannot wait minutes). */
  maxIntervalMs?: number;
  /** Injected in tests. Default: a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected in tests. Default: Date.now. */
  now?: () => number;
}

interface AckWaitArgs {
  sink: string;
  /** The ack endpoint, channel in the query. */
  url: string;
  headers: Record<string, string>;
  ackIds: readonly number[];
  http: HttpSinkOptions;
  ack: HecAckOptions;
  deadline?: RetryDeadline | undefined;
}

interface AckWaitResult {
  /** Ids still unacknowledged when the budget (or the caller's deadline) ran out; empty when all were acked. */
  pending: number[];
  /** Ack status requests made. */
  polls: number;
  /** Why waiting stopped early, when `pending` is not empty. */
  reason?: string;
}

const DEFAULT_ACK = { budgetMs: 15_000, intervalMs: 250, maxIntervalMs: 2_000 } as const;

/** `<base>/services/collector/ack?channel=<guid>` from the event endpoint. */
function hecAckEndpoint(eventEndpoint: string, channel: string): string {
  const base = eventEndpoint.replace(/\/services\/collector(\/event)?$/, '');
  return `${base}/services/collector/ack?channel=${encodeURIComponent(channel)}`;
}

/** The ack reply's `acks` map; HEC's own error codes (14 ACK is disabled, 11 invalid channel) decide otherwise. */
function classifyAckReply(response: HttpResponseView): Verdict<Record<string, boolean>> {
  const ok = response.status >= 200 && response.status < 300;
  let acks: unknown;
  try {
    acks = (JSON.parse(response.text) as { acks?: unknown }).acks;
  } catch {
    acks = undefined;
  }
  if (ok && typeof acks === 'object' && acks !== null && !Array.isArray(acks))
    return { kind: 'ok', value: acks as Record<string, boolean> };
  const reply = parseHecReply(response.text);
  const code = reply?.code;
  const known = code === undefined ? undefined : HEC_CODES[code];
  const detail = reply?.text ?? (known?.meaning || excerpt(response.text) || response.statusText);
  const reason = `ack status: HTTP ${response.status}${code === undefined ? '' : `, HEC code ${code}`}: ${detail}`;
  const retryable = ok || (known ? known.retryable : isRetryableStatus(response.status));
  return { kind: retryable ? 'retry' : 'fail', reason, ...(code === undefined ? {} : { code }) };
}

/**
 * Polls until every ack id is acknowledged, the ack budget is spent or the caller's deadline comes.
 * Never throws for "not yet": the pending ids come back and the sink decides (a RetryableDeliveryError, so
 * the records are resent with the same `metadata.uid`, which the SIEM deduplicates on). Throws the
 * delivery errors of a poll that failed for good (HEC code 14: the token has no acknowledgement).
 */
async function awaitHecAcks(args: AckWaitArgs): Promise<AckWaitResult> {
  const budgetMs = args.ack.budgetMs ?? DEFAULT_ACK.budgetMs;
  const now = args.ack.now ?? Date.now;
  const ackDeadline = now() + budgetMs;
  const deadline = Math.min(ackDeadline, args.deadline?.deadline ?? Number.POSITIVE_INFINITY);
  const policy = new RetryPolicy({
    retries: Number.MAX_SAFE_INTEGER, // bounded by the deadline, not by a count
    baseDelayMs: args.ack.intervalMs ?? DEFAULT_ACK.intervalMs,
    maxDelayMs: args.ack.maxIntervalMs ?? DEFAULT_ACK.maxIntervalMs,
    ...(args.ack.sleep ? { sleep: args.ack.sleep } : {}),
    now,
  });
  const run = policy.start({ ...(args.deadline?.signal ? { signal: args.deadline.signal } : {}), deadline });
  const pending = new Set(args.ackIds);
  let polls = 0;
  try {
    while (pending.size > 0) {
      run.begin();
      polls += 1;
      const { value } = await postWithRetry({
        sink: args.sink,
        url: args.url,
        headers: args.headers,
        body: JSON.stringify({ acks: [...pending] }),
        http: args.http,
        // The caller's deadline (the ack budget bounds the polling loop, on the loop's clock).
        deadline: args.deadline,
        classify: classifyAckReply,
        operation: 'ack',
      });
      for (const id of [...pending]) if (value[String(id)] === true) pending.delete(id);
      if (pending.size > 0) await run.next(`${pending.size} of ${args.ackIds.length} acks pending`);
    }
    return { pending: [], polls };
  } catch (error) {
    // Out of time (ours or the caller's) while acks are pending: not a failure of the request itself.
    const stopped = error instanceof RetryDeadlineError || (error instanceof Error && error.cause instanceof RetryDeadlineError);
    if (!stopped) throw error;
    return { pending: [...pending], polls, reason: `indexer acknowledgement pending after ${polls} polls (${budgetMs} ms budget)` };
  }
}

export { awaitHecAcks, hecAckEndpoint };
export type { AckWaitResult, HecAckOptions };
