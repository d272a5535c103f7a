import {
  HEC_CODES,
  HEC_DEFAULT_MAX_BATCH_BYTES,
  parseHecReply,
  serializeHecBatches,
  toHecEvent,
  type HecBatch,
  type HecEventOptions,
} from '../splunkHec';
import { randomUUID } from 'node:crypto';
import { PermanentDeliveryError, RetryableDeliveryError } from './errors';
import { awaitHecAcks, hecAckEndpoint, type HecAckOptions } from './hecAck';
import { retryAfterMs } from '../../retry';
import { excerpt, isRetryableStatus, postWithRetry, type HttpResponseView, type HttpSinkOptions, type Verdict } from './httpRetry';
import type { DeliveryOptions, DeliveryResult, OcsfRecord, SiemSink } from './types';

interface SplunkHecSinkOptions extends HttpSinkOptions, HecEventOptions {
  /** HEC base URL, e.g. `https://splunk.example.com:8088` (`/services/collector/event` is appended). */
  url: string;
  /** The HEC token (a GUID), sent as `Authorization: Splunk <token>`. */
  token: string;
  /** Per POST; default 900,000 bytes. */
  maxBatchBytes?: number;
  /** Channel GUID, required by tokens with indexer acknowledgement (`X-Splunk-Request-Channel`); default a random one with `ack`. */
  channel?: string;
  /**
   * Indexer acknowledgement (the token's `useACK`): `true` or its options. A delivery then resolves only
   * once the indexers acknowledged every request (hecAck.ts); default off, where a 200 means "parsed".
   */
  ack?: boolean | HecAckOptions;
}

/** `<base>/services/collector/event`, accepting a base that already names the collector path. */
function hecEventEndpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed.endsWith('/services/collector/event')) return trimmed;
  if (trimmed.endsWith('/services/collector')) return `${trimmed}/event`;
  return `${trimmed}/services/collector/event`;
}

/**
 * HEC reply → verdict. The reply code decides when there is one (its table says what is worth a
 * retry: 8 internal error, 9 busy, 18–20 unhealthy); otherwise the HTTP status does.
 */
function classifyFor(batch: HecBatch) {
  return (response: HttpResponseView): Verdict<{ ackId?: number }> => {
    const reply = parseHecReply(response.text);
    const code = reply?.code;
    const ok = response.status >= 200 && response.status < 300;
    if (ok && (code === undefined || code === 0)) return { kind: 'ok', value: reply?.ackId === undefined ? {} : { ackId: reply.ackId } };

    const known = code === undefined ? undefined : HEC_CODES[code];
    const detail = reply?.text ?? (known?.meaning || excerpt(response.text) || response.statusText);
    const reason = `HTTP ${response.status}${code === undefined ? '' : `, HEC code ${code}`}: ${detail}`;
    const hint = retryAfterMs(response.headers);
    const retryable = known ? known.retryable : isRetryableStatus(response.status);
    if (retryable) {
      return { kind: 'retry', reason, ...(code === undefined ? {} : { code }), ...(hint === undefined ? {} : { retryAfterMs: hint }) };
    }
    const verdict: Verdict<never> = {
      kind: 'fail',
      reason: response.status === 413 ? `${reason} (request too large: lower maxBatchBytes)` : reason,
      ...(code === undefined ? {} : { code }),
    };
    const bad = reply?.invalidEventNumber;
    if (code === 6 && bad !== undefined && bad >= 0 && bad < batch.indices.length) verdict.invalidRecordIndex = batch.indices[bad];
    return verdict;
  };
}

/**
 * Forwards OCSF records to Splunk HEC: each record wrapped in a HEC envelope, envelopes batched into
 * POSTs of at most `maxBatchBytes`, batches sent in order.
 *
 * On failure the error's `delivered` is the number of leading records known accepted (whole earlier
 * batches); with HEC code 6, `invalidRecordIndex` names the record HEC rejected. Records of the failed
 * batch before it may have been indexed already (code 6 names only the first bad event; codes in
 * gjanders/SplunkAdmins: lookups/splunkadmins_hec_reply_code_lookup.csv), so the caller resends from
 * `delivered`, without the bad record, and the SIEM deduplicates on `metadata.uid`.
 *
 * Retried: HEC codes 8 (internal error), 9 (busy) and 18–20 (unhealthy), and without a HEC code 429 and
 * 5xx but 501, timeouts and connection resets (httpRetry.ts); every other code is permanent. With `ack`,
 * a delivery resolves only when the indexers acknowledged every request (hecAck.ts), and `delivered`
 * then counts acknowledged records only.
 *
 * @example
 * const sink = new SplunkHecSink({ url: 'https://splunk.example.com:8088', token, index: 'security' });
 * await sink.deliver([toOcsfDetectionFinding(finding, { productVersion, stage })]);
 */
class SplunkHecSink implements SiemSink {
  public readonly name = 'splunk-hec';
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #envelope: HecEventOptions;
  readonly #maxBatchBytes: number;
  readonly #http: HttpSinkOptions;
  readonly #ack?: { url: string; options: HecAckOptions };

  public constructor(options: SplunkHecSinkOptions) {
    const { url, token, maxBatchBytes, channel, ack, index, sourcetype, source, host, ...http } = options;
    if (typeof token !== 'string' || token.trim() === '') throw new TypeError('SplunkHecSink: token is required');
    if (typeof url !== 'string' || url.trim() === '') throw new TypeError('SplunkHecSink: url is required');
    this.#url = hecEventEndpoint(url.trim());
    this.#headers = { authorization: `Splunk ${token.trim()}`, 'content-type': 'application/json' };
    // One channel per sink (per container): HEC keeps ack ids per channel, so polls see only ours.
    const requestChannel = channel || (ack ? randomUUID() : undefined);
    if (requestChannel) this.#headers['x-splunk-request-channel'] = requestChannel;
    if (ack && requestChannel) this.#ack = { url: hecAckEndpoint(this.#url, requestChannel), options: ack === true ? {} : ack };
    this.#envelope = { index, sourcetype, source, host };
    this.#maxBatchBytes = maxBatchBytes ?? HEC_DEFAULT_MAX_BATCH_BYTES;
    this.#http = http;
  }

  public async deliver(records: readonly OcsfRecord[], options: DeliveryOptions = {}): Promise<DeliveryResult> {
    if (records.length === 0) return { sink: this.name, delivered: 0, attempts: 0 };
    const envelopes = records.map((record) => toHecEvent(record, this.#envelope));
    const { batches, oversized } = serializeHecBatches(envelopes, { maxBytes: this.#maxBatchBytes });
    const tooBig = oversized[0];
    if (tooBig) {
      // Before sending anything, so that "delivered" stays a prefix: drop that record and resend.
      throw new PermanentDeliveryError(
        `${this.name}: record ${tooBig.index} is ${tooBig.bytes} bytes as a HEC event, over the ${this.#maxBatchBytes}-byte request limit`,
        { sink: this.name, attempts: 0, delivered: 0, invalidRecordIndex: tooBig.index },
      );
    }

    let delivered = 0;
    let attempts = 0;
    let status: number | undefined;
    const sent: Array<{ records: number; ackId?: number }> = [];
    for (const batch of batches) {
      const result = await postWithRetry({
        sink: this.name,
        url: this.#url,
        headers: this.#headers,
        body: batch.body,
        http: this.#http,
        deadline: options,
        classify: classifyFor(batch),
        // With acknowledgement, only acknowledged requests count as delivered.
        delivered: this.#ack ? 0 : delivered,
      });
      attempts += result.attempts;
      status = result.status;
      sent.push(
        result.value.ackId === undefined ? { records: batch.indices.length } : { records: batch.indices.length, ackId: result.value.ackId },
      );
      delivered += batch.indices.length;
    }
    const ackIds = sent.flatMap((s) => (s.ackId === undefined ? [] : [s.ackId]));
    if (this.#ack) attempts += await this.#awaitAcks(sent, ackIds, options);
    const result: DeliveryResult = { sink: this.name, delivered, attempts };
    if (status !== undefined) result.status = status;
    if (ackIds.length > 0) result.ackIds = ackIds;
    return result;
  }

  /**
   * Waits for the indexers to acknowledge every request; returns the polls made. A request HEC answered
   * without an ack id means the token has acknowledgement off: a configuration error, said as such. Acks
   * still pending at the end of the budget: a RetryableDeliveryError whose `delivered` counts the leading
   * acknowledged requests' records; the rest are resent and deduplicated by the SIEM on `metadata.uid`.
   */
  async #awaitAcks(sent: ReadonlyArray<{ records: number; ackId?: number }>, ackIds: number[], options: DeliveryOptions): Promise<number> {
    const ack = this.#ack!;
    if (sent.some((s) => s.ackId === undefined)) {
      throw new PermanentDeliveryError(
        `${this.name}: HEC answered without an ackId: is indexer acknowledgement (useACK) on for the token?`,
        {
          sink: this.name,
          delivered: 0,
          operation: 'ack',
        },
      );
    }
    const waited = await awaitHecAcks({
      sink: this.name,
      url: ack.url,
      headers: this.#headers,
      ackIds,
      http: this.#http,
      ack: ack.options,
      deadline: options,
    });
    if (waited.pending.length === 0) return waited.polls;
    const pending = new Set(waited.pending);
    let delivered = 0;
    for (const s of sent) {
      if (pending.has(s.ackId!)) break;
      delivered += s.records;
    }
    throw new RetryableDeliveryError(
      `${this.name}: ${waited.reason ?? 'acknowledgement pending'} (${pending.size} of ${ackIds.length} requests)`,
      {
        sink: this.name,
        delivered,
        attempts: waited.polls,
        code: 'ack-pending',
        operation: 'ack',
      },
    );
  }
}

export { SplunkHecSink, hecEventEndpoint };
export type { SplunkHecSinkOptions };
