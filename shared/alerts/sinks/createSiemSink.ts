import { z } from 'zod';
import type { HecAckOptions } from './hecAck';
import type { HttpSinkOptions } from './httpRetry';
import { JsonLinesSink } from './jsonLinesSink';
import { SplunkHecSink } from './splunkHecSink';
import type { SiemSink } from './types';

/** The SIEM sinks a stage can choose (configuration `SIEM_KIND`). */
const SIEM_SINK_KINDS = ['splunk-hec', 'json-lines'] as const;
type SiemSinkKind = (typeof SIEM_SINK_KINDS)[number];

/**
 * The alert router's SIEM settings beyond `SIEM_HEC_URL` and `SIEM_HEC_TOKEN_SECRET_ARN` (which keep their
 * names: the URL and the token of either kind), for `AlertRouterConfigSchema.extend(SIEM_CONFIG_KEYS)`:
 * `SIEM_KIND` picks the sink per stage, `SIEM_HEC_ACK` ("true"/"false") turns indexer acknowledgement on,
 * `SIEM_HEC_INDEX` names the index (empty: the token's default).
 */
const SIEM_CONFIG_KEYS = {
  SIEM_KIND: z.enum(SIEM_SINK_KINDS).default('splunk-hec'),
  SIEM_HEC_ACK: z.stringbool().default(false),
  SIEM_HEC_INDEX: z.string().default(''),
};

interface SiemSinkConfig extends HttpSinkOptions {
  kind: SiemSinkKind;
  url: string;
  /** The HEC token (required for splunk-hec), or the JSON-lines endpoint's bearer token (optional). */
  token?: string;
  /** splunk-hec only: wait for indexer acknowledgement (the token's useACK). */
  ack?: boolean | HecAckOptions;
  /** splunk-hec only: the index, on the token's allow-list; default the token's own. */
  index?: string;
  maxBatchBytes?: number;
}

/**
 * The stage's SIEM sink from its configuration: Splunk HEC or a generic HTTPS JSON-lines endpoint. Both
 * keep the SiemSink contract (`deliver(records, options) → { delivered }`), so the router is the same.
 *
 * @example
 * const siem = createSiemSink({ kind: config.SIEM_KIND, url: config.SIEM_HEC_URL, token, ack: config.SIEM_HEC_ACK });
 */
function createSiemSink(config: SiemSinkConfig): SiemSink {
  const { kind, url, token, ack, index, ...rest } = config;
  switch (kind) {
    case 'splunk-hec':
      if (token === undefined) throw new TypeError('createSiemSink: splunk-hec needs a token');
      return new SplunkHecSink({ url, token, ...rest, ...(ack ? { ack } : {}), ...(index ? { index } : {}) });
    case 'json-lines':
      return new JsonLinesSink({ url, ...rest, ...(token ? { token } : {}) });
    default:
      throw new TypeError(`createSiemSink: unknown SIEM sink kind "${String(kind)}" (one of ${SIEM_SINK_KINDS.join(', ')})`);
  }
}

export { SIEM_CONFIG_KEYS, SIEM_SINK_KINDS, createSiemSink };
export type { SiemSinkConfig, SiemSinkKind };
