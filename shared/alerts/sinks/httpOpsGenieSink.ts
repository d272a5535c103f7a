import { opsGenieAuthorization, type OpsGenieFlavour, type OpsGenieRequest } from '../opsgenieAlert';
import { PermanentDeliveryError } from './errors';
import { retryAfterMs } from '../../retry';
import { excerpt, isRetryableStatus, postWithRetry, type HttpResponseView, type HttpSinkOptions, type Verdict } from './httpRetry';
import type { DeliveryOptions, DeliveryResult, OpsGenieSink } from './types';

interface HttpOpsGenieSinkOptions extends HttpSinkOptions {
  /** An API *integration* key, as https://docs.opsgenie.com/docs/alert-api asks (account API keys cannot create alerts). */
  apiKey: string;
  /** Selects the Authorization scheme and the sink's name. Default "opsgenie". */
  flavour?: OpsGenieFlavour;
}

/** Meanings of OpsGenie's error statuses (https://docs.opsgenie.com/docs/response), for error messages. */
const STATUS_MEANING: Readonly<Record<number, string>> = {
  400: 'invalid request',
  401: 'bad API key or integration disabled',
  402: 'plan does not allow this',
  403: 'key lacks permission or request unsupported',
  404: 'not found',
  409: 'conflict',
  410: 'deprecated',
  413: 'payload too large',
  415: 'unsupported media type',
  422: 'semantic error in body',
  429: 'throttled',
};

interface OpsGenieReply {
  result?: string;
  message?: string;
  requestId?: string;
  errors?: Record<string, unknown>;
}

function parseReply(text: string): OpsGenieReply {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as OpsGenieReply) : {};
  } catch {
    return {};
  }
}

/** 2xx (202 Accepted: `{ result, took, requestId }`) is success; the rest per the shared retry policy. */
function classify(response: HttpResponseView): Verdict<{ requestId?: string }> {
  const reply = parseReply(response.text);
  const requestId = typeof reply.requestId === 'string' ? reply.requestId : (response.headers.get('x-request-id') ?? undefined);
  if (response.status >= 200 && response.status < 300) return { kind: 'ok', value: requestId === undefined ? {} : { requestId } };

  const meaning = STATUS_MEANING[response.status] ?? response.statusText;
  const fieldErrors =
    reply.errors && typeof reply.errors === 'object'
      ? Object.entries(reply.errors)
          .map(([field, why]) => `${field}: ${String(why)}`)
          .join('; ')
      : '';
  const message = [typeof reply.message === 'string' ? reply.message : excerpt(response.text), fieldErrors]
    .filter((s) => s !== '')
    .join(' — ');
  const reason = `HTTP ${response.status}${meaning ? ` ${meaning}` : ''}${message ? `: ${excerpt(message)}` : ''}`;
  const errorType = response.headers.get('x-opsgenie-errortype') ?? undefined;
  const common = { reason, ...(errorType === undefined ? {} : { code: errorType }), ...(requestId === undefined ? {} : { requestId }) };

  if (isRetryableStatus(response.status)) {
    // Rate limited: the period header names the bucket that tripped (60 per-minute, 1 per-second;
    // https://docs.opsgenie.com/docs/api-rate-limiting).
    const period = Number(response.headers.get('x-ratelimit-period-in-sec'));
    const hint = retryAfterMs(response.headers) ?? (response.status === 429 && period > 0 ? period * 1000 : undefined);
    return { kind: 'retry', ...common, ...(hint === undefined ? {} : { retryAfterMs: hint }) };
  }
  return { kind: 'fail', ...common };
}

/**
 * Sends create-alert requests to OpsGenie (or JSM's OpsGenie-compatible endpoint) with
 * `Authorization: GenieKey <key>`. Retries are safe because every body carries a deterministic
 * alias: a duplicate create only increments the open alert's count (alias deduplication,
 * https://docs.opsgenie.com/docs/alert-api).
 *
 * @example
 * const sink = new HttpOpsGenieSink({ apiKey, flavour: 'opsgenie', timeoutMs: 5000 });
 * await sink.deliver(createAlertRequest(finding, { stage: 'prod', team: 'secops' }));
 */
class HttpOpsGenieSink implements OpsGenieSink {
  public readonly name: string;
  readonly #authorization: string;
  readonly #options: HttpSinkOptions;

  public constructor(options: HttpOpsGenieSinkOptions) {
    const { apiKey, flavour = 'opsgenie', ...http } = options;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new TypeError('HttpOpsGenieSink: apiKey is required');
    this.name = flavour;
    this.#authorization = opsGenieAuthorization(apiKey.trim(), flavour);
    this.#options = http;
  }

  public async deliver(request: OpsGenieRequest, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    if (request.method !== 'POST') {
      throw new PermanentDeliveryError(`${this.name}: only POST create-alert requests are supported`, { sink: this.name, attempts: 0 });
    }
    const result = await postWithRetry({
      sink: this.name,
      url: request.url,
      headers: { authorization: this.#authorization, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request.body),
      http: this.#options,
      deadline: options,
      classify,
    });
    const delivered: DeliveryResult = { sink: this.name, delivered: 1, attempts: result.attempts, status: result.status };
    if (result.value.requestId !== undefined) delivered.requestId = result.value.requestId;
    return delivered;
  }
}

export { HttpOpsGenieSink };
export type { HttpOpsGenieSinkOptions };
