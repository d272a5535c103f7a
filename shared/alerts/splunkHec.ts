import { serializeLineBatches, type LineBatch, type LineBatches } from './sinks/lineBatches';

/**
 * Splunk HTTP Event Collector (HEC) envelopes and batches for OCSF records, as Splunk's "Format events for HTTP
 * Event Collector" describes them (https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector).
 *
 * An envelope is `{ time, host, source, sourcetype, index?, event }` with `time` in epoch seconds
 * (fractional allowed); a batch is envelopes concatenated in one POST body (newline-separated here).
 */

/** Keep each POST under ~900 KB: Splunk Cloud and older releases cap a request at 1 MB (limits.conf `[http_input] max_content_length`). */
const HEC_DEFAULT_MAX_BATCH_BYTES = 900_000;

interface HecEvent<TEvent = unknown> {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index?: string;
  event: TEvent;
}

interface HecEventOptions {
  /** Must be on the token's allow-list (else HEC code 7); omitted → the token's default index. */
  index?: string;
  /** Default by the record's OCSF class: "ocsf:detection_finding", "ocsf:authentication", "ocsf:api_activity". */
  sourcetype?: string;
  /** Default "vigil". */
  source?: string;
  /** Default "vigil" (a Lambda's own host name means nothing to an analyst). */
  host?: string;
}

/** Sourcetype per OCSF class (the class's schema name), so each class is searched and parsed as its own kind. */
const SOURCETYPE_BY_CLASS: Readonly<Record<number, string>> = {
  2004: 'ocsf:detection_finding',
  3002: 'ocsf:authentication',
  6003: 'ocsf:api_activity',
};

function sourcetypeOf(ocsf: { class_uid?: unknown }): string {
  return (typeof ocsf.class_uid === 'number' ? SOURCETYPE_BY_CLASS[ocsf.class_uid] : undefined) ?? 'ocsf:detection_finding';
}

/**
 * Wraps one OCSF record (anything with an epoch-millisecond `time`) in a HEC envelope.
 *
 * @example
 * toHecEvent(record, { index: 'security' }); // { time: 1760000000.123, host: 'vigil', ..., event: record }
 */
function toHecEvent<TEvent extends { time: number; class_uid?: unknown }>(ocsf: TEvent, opts: HecEventOptions = {}): HecEvent<TEvent> {
  if (!Number.isFinite(ocsf.time)) throw new TypeError('OCSF record has no valid `time` (epoch ms)');
  const envelope: HecEvent<TEvent> = {
    time: ocsf.time / 1000,
    host: opts.host ?? 'vigil',
    source: opts.source ?? 'vigil',
    sourcetype: opts.sourcetype ?? sourcetypeOf(ocsf),
    event: ocsf,
  };
  if (opts.index !== undefined && opts.index !== '') envelope.index = opts.index;
  return envelope;
}

/** A POST body of envelopes, one per line (lineBatches.ts). */
type HecBatch = LineBatch;

/** `oversized`: envelopes that alone exceed `maxBytes`: never sent (HEC would answer 413); the caller quarantines them. */
type HecBatchResult = LineBatches;

/**
 * Splits envelopes into POST bodies of at most `maxBytes` UTF-8 bytes each, keeping input order.
 *
 * @example
 * const { batches, oversized } = serializeHecBatches(records.map((r) => toHecEvent(r)));
 */
function serializeHecBatches(events: readonly HecEvent[], opts: { maxBytes?: number } = {}): HecBatchResult {
  return serializeLineBatches(events, opts.maxBytes ?? HEC_DEFAULT_MAX_BATCH_BYTES);
}

/**
 * HEC reply codes (gjanders/SplunkAdmins: lookups/splunkadmins_hec_reply_code_lookup.csv): meaning and whether
 * resending the same request can succeed.
 */
const HEC_CODES: Readonly<Record<number, { meaning: string; retryable: boolean }>> = {
  0: { meaning: 'Success', retryable: false },
  1: { meaning: 'Token disabled', retryable: false },
  2: { meaning: 'Token is required', retryable: false },
  3: { meaning: 'Invalid authorization', retryable: false },
  4: { meaning: 'Invalid token', retryable: false },
  5: { meaning: 'No data', retryable: false },
  6: { meaning: 'Invalid data format', retryable: false },
  7: { meaning: 'Incorrect index', retryable: false },
  8: { meaning: 'Internal server error', retryable: true },
  9: { meaning: 'Server is busy', retryable: true },
  10: { meaning: 'Data channel is missing', retryable: false },
  11: { meaning: 'Invalid data channel', retryable: false },
  12: { meaning: 'Event field is required', retryable: false },
  13: { meaning: 'Event field cannot be blank', retryable: false },
  14: { meaning: 'ACK is disabled', retryable: false },
  15: { meaning: 'Error in handling indexed fields', retryable: false },
  16: { meaning: 'Query string authorization is not enabled', retryable: false },
  17: { meaning: 'HEC is healthy', retryable: false },
  18: { meaning: 'HEC is unhealthy, queues are full', retryable: true },
  19: { meaning: 'HEC is unhealthy, ack service unavailable', retryable: true },
  20: { meaning: 'HEC is unhealthy, queues are full, ack service unavailable', retryable: true },
  21: { meaning: 'Invalid token', retryable: false },
  22: { meaning: 'Token disabled', retryable: false },
};

interface HecReply {
  text?: string;
  code?: number;
  /** 0-based index, within the request, of the first event HEC rejected (code 6). */
  invalidEventNumber?: number;
  ackId?: number;
}

/** Parses a HEC reply body; `undefined` when it is not HEC JSON (e.g. a proxy's HTML error page). */
function parseHecReply(text: string): HecReply | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const raw = parsed as Record<string, unknown>;
  const reply: HecReply = {};
  if (typeof raw.text === 'string') reply.text = raw.text;
  if (typeof raw.code === 'number') reply.code = raw.code;
  const invalid = raw['invalid-event-number'];
  if (typeof invalid === 'number') reply.invalidEventNumber = invalid;
  if (typeof raw.ackId === 'number') reply.ackId = raw.ackId;
  return reply;
}

export { HEC_CODES, HEC_DEFAULT_MAX_BATCH_BYTES, parseHecReply, serializeHecBatches, toHecEvent };
export type { HecBatch, HecBatchResult, HecEvent, HecEventOptions, HecReply };
