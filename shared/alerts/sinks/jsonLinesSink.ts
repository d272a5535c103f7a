import { retryAfterMs } from '../../retry';
import { PermanentDeliveryError } from './errors';
import { excerpt, isRetryableStatus, postWithRetry, type HttpResponseView, type HttpSinkOptions, type Verdict } from './httpRetry';
import { serializeLineBatches } from './lineBatches';
import type { DeliveryOptions, DeliveryResult, OcsfRecord, SiemSink } from './types';

interface JsonLinesSinkOptions extends HttpSinkOptions {
  /** The receiver's URL (https; http only to a loopback stand-in is the caller's business), POSTed as is. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string;
  /** Per POST; default 900,000 bytes (the HEC sink's, for the same proxies and gateways). */
  maxBatchBytes?: number;
}

const DEFAULT_MAX_BATCH_BYTES = 900_000;

/** Any 2xx is accepted; 429 and 5xx (not 501) are retried, honouring Retry-After; anything else is permanent. */
function classify(response: HttpResponseView): Verdict<null> {
  if (response.status >= 200 && response.status < 300) return { kind: 'ok', value: null };
  const reason = `HTTP ${response.status}: ${excerpt(response.text) || response.statusText}`;
  if (!isRetryableStatus(response.status)) {
    return { kind: 'fail', reason: response.status === 413 ? `${reason} (request too large: lower maxBatchBytes)` : reason };
  }
  const hint = retryAfterMs(response.headers);
  return hint === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs: hint };
}

/**
 * Forwards OCSF records to any HTTPS endpoint that takes JSON Lines (https://jsonlines.org: one JSON value
 * per line, each line ending in `\n`, `application/x-ndjson`): a log shipper, a data-lake ingest, another
 * SIEM's HTTP input. Records go as they are, no envelope; batches of at most `maxBatchBytes`, sent in order,
 * retried like the other HTTP sinks (httpRetry.ts). On failure the error's `delivered` is the number of
 * leading records accepted; a resend repeats `metadata.uid`, which the receiver deduplicates on.
 *
 * @example
 * const sink = new JsonLinesSink({ url: 'https://ingest.example.com/ocsf', token });
 * await sink.deliver(records);
 */
class JsonLinesSink implements SiemSink {
  public readonly name = 'json-lines';
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #maxBatchBytes: number;
  readonly #http: HttpSinkOptions;

  public constructor(options: JsonLinesSinkOptions) {
    const { url, token, maxBatchBytes, ...http } = options;
    if (typeof url !== 'string' || url.trim() === '') throw new TypeError('JsonLinesSink: url is required');
    this.#url = url.trim();
    this.#headers = { 'content-type': 'application/x-ndjson' };
    if (token !== undefined && token.trim() !== '') this.#headers.authorization = `Bearer ${token.trim()}`;
    this.#maxBatchBytes = maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.#http = http;
  }

  public async deliver(records: readonly OcsfRecord[], options: DeliveryOptions = {}): Promise<DeliveryResult> {
    if (records.length === 0) return { sink: this.name, delivered: 0, attempts: 0 };
    // One byte kept for the final newline every JSON Lines body ends with.
    const { batches, oversized } = serializeLineBatches(records, this.#maxBatchBytes - 1);
    const tooBig = oversized[0];
    if (tooBig) {
      throw new PermanentDeliveryError(
        `${this.name}: record ${tooBig.index} is ${tooBig.bytes} bytes, over the ${this.#maxBatchBytes}-byte request limit`,
        { sink: this.name, attempts: 0, delivered: 0, invalidRecordIndex: tooBig.index },
      );
    }
    let delivered = 0;
    let attempts = 0;
    let status: number | undefined;
    for (const batch of batches) {
      const result = await postWithRetry({
        sink: this.name,
        url: this.#url,
        headers: this.#headers,
        body: `${batch.body}\n`,
        http: this.#http,
        deadline: options,
        classify,
        delivered,
      });
      attempts += result.attempts;
      status = result.status;
      delivered += batch.indices.length;
    }
    return status === undefined ? { sink: this.name, delivered, attempts } : { sink: this.name, delivered, attempts, status };
  }
}

export { JsonLinesSink };
export type { JsonLinesSinkOptions };
