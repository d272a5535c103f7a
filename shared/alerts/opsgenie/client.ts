import { ConfigError } from '../../config/errors';
import { retryAfterMs } from '../../retry';
import { PermanentDeliveryError, type AlertDeliveryErrorOptions } from '../sinks/errors';
import { excerpt, isRetryableStatus, sendWithRetry, type HttpResponseView, type HttpSinkOptions, type Verdict } from '../sinks/httpRetry';
import type { DeliveryOptions, DeliveryResult, OpsGenieDeliveryOptions, OpsGenieSink } from '../sinks/types';
import { resolveOpsGenieEndpoint, type OpsGenieEndpoint, type OpsGenieEndpointOptions } from './endpoint';
import { OpsGenieApiError, OpsGenieLimitError } from './errors';
import { boundActionBody, boundAlias, boundCreateAlert, boundNoteBody, checkHeartbeatName, type TruncatedField } from './limits';
import {
  OPSGENIE_METHODS,
  alertActionUrl,
  alertUrl,
  alertsUrl,
  heartbeatPingUrl,
  operationOfUrl,
  requestStatusUrl,
  type AlertAction,
  type ParsedOpsGeniePath,
} from './paths';
import type { OpsGenieActionBody, OpsGenieAlertPayload, OpsGenieNoteBody, OpsGenieOperation, OpsGenieRequest } from './types';

/**
 * The OpsGenie client: create, close, acknowledge and add-note by alias, heartbeat ping, request status.
 * Against OpsGenie (US or EU) or Jira Service Management's OpsGenie-compatible ops integration API
 * (endpoint.ts), with `Authorization: GenieKey <key>` (the swagger's `GenieKey` security scheme).
 *
 * - Limits: every body is bounded (limits.ts) before it is sent, and the result says what was cut.
 * - Asynchronous API: create, close, acknowledge, add-note and ping answer 202 with a `requestId`; the
 *   result returns it and {@link OpsGenieClientOptions.onCall} reports it (for the log). The real outcome
 *   ("Alert does not exist" for a close of an unknown alias) comes later from {@link OpsGenieClient.getRequestStatus}.
 * - Retries: the project's one policy (shared/retry) through sinks/httpRetry.ts, under the caller's
 *   deadline and signal: 429 (honouring `Retry-After`, else `X-RateLimit-Period-In-Sec`), 5xx but 501,
 *   timeouts and network errors (refused, reset) are retried with jittered exponential backoff; every
 *   other status fails at once with an {@link OpsGenieApiError}. Past the budget or the deadline: a
 *   RetryableDeliveryError, for the outbox.
 * - Resending is safe for create (alias deduplication: an open alert's count goes up, no second alert),
 *   close and acknowledge (idempotent on an alert). Deduplication holds for an *open* alias only: a create
 *   resent after a person closed the alert would open a second one. So a create that may already have
 *   reached OpsGenie (`resend`: from the outbox, or a resumed invocation) first looks its alias up
 *   ({@link OpsGenieClient.getAlert}) and is not sent when an alert, open or closed, has it. The client's
 *   own retries, seconds apart, do not look up: OpsGenie processes a create asynchronously, so a lookup
 *   that soon after an ambiguous attempt cannot see it, and the resent create deduplicates on it instead.
 *   An add-note retried after an ambiguous failure (a timeout or reset after the request left, a 5xx after
 *   OpsGenie took it) may add the same note twice:
 *   accepted, as a duplicate note pages nobody and a lost update hides a recurrence; the router's
 *   notes carry their occurrence count, which makes a duplicate recognisable.
 *
 * @example
 * const client = new OpsGenieClient({ apiKey, flavour: 'opsgenie', baseUrl: OPSGENIE_BASE_URLS.eu });
 * const { requestId } = await client.createAlert({ message: 'CloudTrail stopped', alias }, budget);
 * await client.addNote(alias, { note: 'seen again (count 3)' }, budget);
 * const outcome = await client.getRequestStatus(requestId!); // { state: 'processed', success: true, … } or { state: 'pending' }
 */

interface OpsGenieClientOptions extends HttpSinkOptions, OpsGenieEndpointOptions {
  /** An API *integration* key (account API keys cannot create alerts: https://docs.opsgenie.com/docs/alert-api). */
  apiKey: string;
  /** Told of every operation once it ends, for the log. Carries no key and no body. */
  onCall?: (record: OpsGenieCallRecord) => void;
}

/** One operation, as logged. */
interface OpsGenieCallRecord {
  operation: OpsGenieOperation;
  method: 'POST' | 'GET';
  url: string;
  outcome: 'accepted' | 'processed' | 'pending' | 'failed';
  attempts: number;
  status?: number;
  requestId?: string;
  durationMs: number;
  truncated?: TruncatedField[];
  /** `<error name>: <message>` of a failure (no key: it is never in a message). */
  error?: string;
}

/** A 202 Accepted: the request is queued at OpsGenie. */
interface OpsGenieAccepted extends DeliveryResult {
  operation: Exclude<OpsGenieOperation, 'requestStatus' | 'getAlert'>;
  /** OpsGenie's id for this request (body `requestId`, else the `X-Request-ID` header). */
  requestId?: string;
  /** The fields the limits cut (see limits.ts); empty when nothing was. */
  truncated: TruncatedField[];
}

/** `GET /v2/alerts/requests/{requestId}` (GetRequestStatusResponse / AlertRequestStatus). */
type OpsGenieRequestStatus =
  /** Not processed yet (404 with `X-Opsgenie-Errortype: RequestNotProcessed`): ask again later. */
  | { state: 'pending'; requestId: string; attempts: number }
  | {
      state: 'processed';
      requestId: string;
      /** `isSuccess` (the swagger's name; `success` in some replies). */
      success: boolean;
      /** e.g. "Create", "Close", "Acknowledge", "AddNote". */
      action?: string;
      /** e.g. "Created alert", "Alert does not exist". */
      status?: string;
      alertId?: string;
      alias?: string;
      processedAt?: string;
      integrationId?: string;
      attempts: number;
    };

/** Reads the outcome of an accepted request (`GET /v2/alerts/requests/{requestId}`): OpsGenieClient does. */
interface OpsGenieRequestStatusReader {
  getRequestStatus(requestId: string, options?: DeliveryOptions): Promise<OpsGenieRequestStatus>;
}

/** `GET /v2/alerts/{alias}?identifierType=alias` (GetAlertResponse): the alert that has, or last had, the alias. */
type OpsGenieAlertLookup =
  | { found: false; alias: string; attempts: number }
  | {
      found: true;
      alias: string;
      /** OpsGenie's alert id. */
      id: string;
      status: 'open' | 'closed';
      acknowledged?: boolean;
      /** Occurrences deduplicated into it. */
      count?: number;
      attempts: number;
    };

/** Meanings of OpsGenie's error statuses (https://docs.opsgenie.com/docs/response), for messages. */
const STATUS_MEANING: Readonly<Record<number, string>> = {
  400: 'invalid request',
  401: 'bad API key or integration disabled',
  402: 'plan does not allow this',
  403: 'key lacks permission or request unsupported',
  404: 'not found',
  405: 'method not allowed',
  409: 'conflict',
  410: 'deprecated',
  413: 'payload too large',
  415: 'unsupported media type',
  422: 'semantic error in body',
  429: 'throttled',
  // HTTP 501: the server does not support the operation (not retried, as a 4xx).
  501: 'operation unsupported by the server',
};

const REQUEST_NOT_PROCESSED = 'requestnotprocessed';

interface OpsGenieReply {
  result?: unknown;
  message?: unknown;
  requestId?: unknown;
  errors?: unknown;
  data?: unknown;
}

function parseReply(text: string): OpsGenieReply {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as OpsGenieReply) : {};
  } catch {
    return {};
  }
}

function replyRequestId(reply: OpsGenieReply, headers: Headers): string | undefined {
  if (typeof reply.requestId === 'string' && reply.requestId !== '') return reply.requestId;
  return headers.get('x-request-id') ?? undefined;
}

function fieldErrorsOf(reply: OpsGenieReply): Record<string, string> | undefined {
  if (reply.errors === null || typeof reply.errors !== 'object' || Array.isArray(reply.errors)) return undefined;
  const entries = Object.entries(reply.errors as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A failure or retry verdict for a status that is not the operation's success. */
function errorVerdict<T>(operation: OpsGenieOperation, response: HttpResponseView, reply: OpsGenieReply): Verdict<T> {
  const requestId = replyRequestId(reply, response.headers);
  const apiMessage = typeof reply.message === 'string' ? reply.message : response.text.trim() === '' ? undefined : excerpt(response.text);
  const fieldErrors = fieldErrorsOf(reply);
  const meaning = STATUS_MEANING[response.status] ?? response.statusText;
  const detail = [
    apiMessage,
    fieldErrors
      ? Object.entries(fieldErrors)
          .map(([f, why]) => `${f}: ${why}`)
          .join('; ')
      : undefined,
  ]
    .filter((s): s is string => s !== undefined && s !== '')
    .join(' — ');
  const reason = `HTTP ${response.status}${meaning ? ` ${meaning}` : ''}${detail ? `: ${excerpt(detail)}` : ''}`;
  const errorType = response.headers.get('x-opsgenie-errortype') ?? undefined;
  const common = { reason, ...(errorType === undefined ? {} : { code: errorType }), ...(requestId === undefined ? {} : { requestId }) };

  if (isRetryableStatus(response.status)) {
    // The period header names the bucket that tripped (60 per minute, 1 per second; https://docs.opsgenie.com/docs/api-rate-limiting).
    const period = Number(response.headers.get('x-ratelimit-period-in-sec'));
    const hint = retryAfterMs(response.headers) ?? (response.status === 429 && period > 0 ? period * 1000 : undefined);
    return { kind: 'retry', ...common, ...(hint === undefined ? {} : { retryAfterMs: hint }) };
  }
  return {
    kind: 'fail',
    ...common,
    error: (message: string, options: AlertDeliveryErrorOptions) =>
      new OpsGenieApiError(message, {
        ...options,
        status: response.status,
        operation,
        ...(apiMessage === undefined ? {} : { apiMessage }),
        ...(fieldErrors === undefined ? {} : { fieldErrors }),
      }),
  };
}

function classifyAccepted(operation: OpsGenieOperation) {
  return (response: HttpResponseView): Verdict<{ requestId?: string }> => {
    const reply = parseReply(response.text);
    if (response.status >= 200 && response.status < 300) {
      const requestId = replyRequestId(reply, response.headers);
      return { kind: 'ok', value: requestId === undefined ? {} : { requestId } };
    }
    return errorVerdict(operation, response, reply);
  };
}

type StatusValue = { state: 'pending' } | { state: 'processed'; data: Record<string, unknown> };

function classifyStatus(response: HttpResponseView): Verdict<StatusValue> {
  const reply = parseReply(response.text);
  const errorType = response.headers.get('x-opsgenie-errortype')?.toLowerCase();
  if (response.status === 404 && errorType === REQUEST_NOT_PROCESSED) return { kind: 'ok', value: { state: 'pending' } };
  if (response.status === 200) {
    const data = reply.data;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      return { kind: 'ok', value: { state: 'processed', data: data as Record<string, unknown> } };
    }
    return { kind: 'fail', reason: `HTTP 200 without a request status: ${excerpt(response.text) || '(empty body)'}` };
  }
  return errorVerdict('requestStatus', response, reply);
}

type AlertValue = { found: false } | { found: true; data: Record<string, unknown> };

/** 200 with the alert, or 404: no alert has (or had) the alias. */
function classifyAlert(response: HttpResponseView): Verdict<AlertValue> {
  const reply = parseReply(response.text);
  if (response.status === 404) return { kind: 'ok', value: { found: false } };
  if (response.status === 200) {
    const data = reply.data;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      return { kind: 'ok', value: { found: true, data: data as Record<string, unknown> } };
    }
    return { kind: 'fail', reason: `HTTP 200 without an alert: ${excerpt(response.text) || '(empty body)'}` };
  }
  return errorVerdict('getAlert', response, reply);
}

function optionalString(data: Record<string, unknown>, key: string): string | undefined {
  return typeof data[key] === 'string' ? (data[key] as string) : undefined;
}

class OpsGenieClient implements OpsGenieSink, OpsGenieRequestStatusReader {
  /** "opsgenie" or "jsm": the sink name in results and errors. */
  public readonly name: string;
  public readonly endpoint: OpsGenieEndpoint;
  readonly #authorization: string;
  readonly #http: HttpSinkOptions;
  readonly #onCall?: (record: OpsGenieCallRecord) => void;

  /** Throws ConfigError for a missing key or an unusable endpoint (endpoint.ts): call it at cold start. */
  public constructor(options: OpsGenieClientOptions) {
    const { apiKey, flavour, baseUrl, onCall, ...http } = options;
    const key = typeof apiKey === 'string' ? apiKey.trim() : '';
    if (key === '') throw new ConfigError('OpsGenieClient: apiKey is required');
    if (/\s/.test(key) || [...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
      throw new ConfigError('OpsGenieClient: apiKey contains whitespace or control characters');
    this.endpoint = resolveOpsGenieEndpoint({
      ...(flavour === undefined ? {} : { flavour }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
    });
    this.name = this.endpoint.flavour;
    this.#authorization = `GenieKey ${key}`;
    this.#http = http;
    if (onCall !== undefined) this.#onCall = onCall;
  }

  /**
   * `POST /v2/alerts`. The alias is required: it is what makes a retry or a resend deduplicate instead of paging twice.
   * With `resend`, the alias is looked up first: when an alert has it (open or closed) nothing is sent and the
   * result says so (`existing`, `delivered: 0`); a lookup that fails fails the resend (nothing is created blind).
   */
  public async createAlert(payload: OpsGenieAlertPayload, options: OpsGenieDeliveryOptions = {}): Promise<OpsGenieAccepted> {
    const url = alertsUrl(this.endpoint);
    const bounded = this.#bound('create', 'POST', url, () => {
      if (typeof payload?.alias !== 'string' || payload.alias.trim() === '') {
        throw new OpsGenieLimitError('OpsGenie create alert: an alias is required (it makes retries and resends safe)');
      }
      return boundCreateAlert(payload);
    });
    const { resend, ...budget } = options;
    if (resend === true) {
      const lookup = await this.getAlert(bounded.body.alias, budget);
      if (lookup.found) {
        return {
          sink: this.name,
          operation: 'create',
          delivered: 0,
          attempts: lookup.attempts,
          status: 200,
          truncated: [],
          existing: lookup.status,
        };
      }
    }
    return this.#accepted('create', 'POST', url, bounded.body, bounded.truncated, budget);
  }

  /**
   * `GET /v2/alerts/{alias}?identifierType=alias`: the alert that has the alias, open or else the latest closed
   * one, or `found: false` (404). Retried like every call, under the caller's deadline.
   */
  public async getAlert(alias: string, options: DeliveryOptions = {}): Promise<OpsGenieAlertLookup> {
    const bounded = this.#bound('getAlert', 'GET', undefined, () => {
      if (typeof alias !== 'string' || alias.trim() === '') throw new OpsGenieLimitError('OpsGenie get alert: an alias is required');
      return boundAlias(alias);
    });
    const url = alertUrl(this.endpoint, bounded);
    const started = performance.now();
    try {
      const result = await sendWithRetry({
        sink: this.name,
        operation: 'getAlert',
        method: 'GET',
        url,
        headers: this.#headers(false),
        http: this.#http,
        deadline: options,
        classify: classifyAlert,
      });
      const value = result.value;
      let lookup: OpsGenieAlertLookup;
      if (!value.found) lookup = { found: false, alias: bounded, attempts: result.attempts };
      else {
        const { data } = value;
        lookup = {
          found: true,
          alias: bounded,
          id: optionalString(data, 'id') ?? '',
          status: data.status === 'closed' ? 'closed' : 'open',
          attempts: result.attempts,
        };
        if (typeof data.acknowledged === 'boolean') lookup.acknowledged = data.acknowledged;
        if (typeof data.count === 'number') lookup.count = data.count;
      }
      this.#report({
        operation: 'getAlert',
        method: 'GET',
        url,
        outcome: 'processed',
        attempts: result.attempts,
        status: result.status,
        durationMs: performance.now() - started,
      });
      return lookup;
    } catch (error) {
      this.#reportFailure('getAlert', 'GET', url, started, error);
      throw error;
    }
  }

  /** `POST /v2/alerts/{alias}/close?identifierType=alias`. */
  public closeAlert(alias: string, body: OpsGenieActionBody = {}, options: DeliveryOptions = {}): Promise<OpsGenieAccepted> {
    return this.#alertAction('close', alias, () => boundActionBody(body), options);
  }

  /** `POST /v2/alerts/{alias}/acknowledge?identifierType=alias`. */
  public acknowledgeAlert(alias: string, body: OpsGenieActionBody = {}, options: DeliveryOptions = {}): Promise<OpsGenieAccepted> {
    return this.#alertAction('acknowledge', alias, () => boundActionBody(body), options);
  }

  /** `POST /v2/alerts/{alias}/notes?identifierType=alias`. A string is the note itself. */
  public addNote(alias: string, note: string | OpsGenieNoteBody, options: DeliveryOptions = {}): Promise<OpsGenieAccepted> {
    return this.#alertAction('addNote', alias, () => boundNoteBody(typeof note === 'string' ? { note } : note), options);
  }

  /**
   * `GET /v2/heartbeats/{name}/ping` (the method the swagger declares; the docs also allow POST/PUT/PATCH).
   * A PONG does not prove the heartbeat exists (pings are processed asynchronously): define it as code.
   * Not for the jsm flavour, whose heartbeats are another API (endpoint.ts): refused with a PermanentDeliveryError.
   */
  public async pingHeartbeat(name: string, options: DeliveryOptions = {}): Promise<OpsGenieAccepted> {
    if (this.endpoint.flavour === 'jsm') {
      throw new PermanentDeliveryError(
        `${this.name}: the Jira Service Management integration API has no heartbeat ping; its heartbeats are under /jsm/ops/api/{cloudId}`,
        { sink: this.name, operation: 'heartbeatPing', attempts: 0 },
      );
    }
    const url = heartbeatPingUrl(
      this.endpoint,
      this.#bound('heartbeatPing', 'GET', undefined, () => checkHeartbeatName(name)),
    );
    return this.#accepted('heartbeatPing', 'GET', url, undefined, [], options);
  }

  /**
   * The outcome of an accepted request: `processed` (with OpsGenie's `isSuccess` and status text) or
   * `pending` (not processed yet: ask again later; the outbox drain does). Retried like every call;
   * any other 404 (an unknown id) fails with an {@link OpsGenieApiError}.
   */
  public async getRequestStatus(requestId: string, options: DeliveryOptions = {}): Promise<OpsGenieRequestStatus> {
    if (typeof requestId !== 'string' || requestId.trim() === '') {
      throw this.#refused('requestStatus', new OpsGenieLimitError('OpsGenie request status: requestId is required'));
    }
    const url = requestStatusUrl(this.endpoint, requestId);
    const started = performance.now();
    try {
      const result = await sendWithRetry({
        sink: this.name,
        operation: 'requestStatus',
        method: 'GET',
        url,
        headers: this.#headers(false),
        http: this.#http,
        deadline: options,
        classify: classifyStatus,
      });
      const value = result.value;
      let outcome: OpsGenieRequestStatus;
      if (value.state === 'pending') {
        outcome = { state: 'pending', requestId, attempts: result.attempts };
      } else {
        const data = value.data;
        const success = typeof data.isSuccess === 'boolean' ? data.isSuccess : data.success === true;
        outcome = { state: 'processed', requestId, success, attempts: result.attempts };
        for (const key of ['action', 'status', 'alertId', 'alias', 'processedAt', 'integrationId'] as const) {
          const v = optionalString(data, key);
          if (v !== undefined) outcome[key] = v;
        }
      }
      this.#report({
        operation: 'requestStatus',
        method: 'GET',
        url,
        outcome: outcome.state,
        attempts: result.attempts,
        status: result.status,
        requestId,
        durationMs: performance.now() - started,
      });
      return outcome;
    } catch (error) {
      this.#reportFailure('requestStatus', 'GET', url, started, error);
      throw error;
    }
  }

  /**
   * The {@link OpsGenieSink} interface: sends a request as built elsewhere (the router's create; later the
   * outbox's stored requests), after checking that its URL is an operation under this client's endpoint
   * (the key goes nowhere else) and bounding its body like the methods above. Request status is a read,
   * not a delivery: use {@link getRequestStatus}.
   */
  public async deliver(request: OpsGenieRequest, options: OpsGenieDeliveryOptions = {}): Promise<OpsGenieAccepted> {
    const parsed = operationOfUrl(this.endpoint, request.url);
    if ('problem' in parsed) {
      throw new PermanentDeliveryError(`${this.name}: refusing to send: ${parsed.problem}`, { sink: this.name, attempts: 0 });
    }
    const operation = parsed.operation;
    if (request.method !== OPSGENIE_METHODS[operation]) {
      throw this.#refused(operation, new OpsGenieLimitError(`${request.method} is not the method of ${operation}`));
    }
    return this.#deliverParsed(parsed, request.body, options);
  }

  #deliverParsed(parsed: ParsedOpsGeniePath, body: unknown, options: OpsGenieDeliveryOptions): Promise<OpsGenieAccepted> {
    if (parsed.operation === 'create') return this.createAlert((body ?? {}) as OpsGenieAlertPayload, options);
    const { resend: _resend, ...budget } = options;
    return this.#deliverAction(parsed, body, budget);
  }

  #deliverAction(parsed: Exclude<ParsedOpsGeniePath, { operation: 'create' }>, body: unknown, options: DeliveryOptions) {
    switch (parsed.operation) {
      case 'close':
      case 'acknowledge':
      case 'addNote': {
        if (parsed.identifierType !== 'alias') {
          throw this.#refused(
            parsed.operation,
            new OpsGenieLimitError(`identifierType=${parsed.identifierType}: alerts are addressed by alias`),
          );
        }
        if (parsed.operation === 'addNote') return this.addNote(parsed.identifier, (body ?? {}) as OpsGenieNoteBody, options);
        const action = (body ?? {}) as OpsGenieActionBody;
        return parsed.operation === 'close'
          ? this.closeAlert(parsed.identifier, action, options)
          : this.acknowledgeAlert(parsed.identifier, action, options);
      }
      case 'heartbeatPing':
        return this.pingHeartbeat(parsed.name, options);
      case 'requestStatus':
        throw this.#refused('requestStatus', new OpsGenieLimitError('a request status is read with getRequestStatus, not delivered'));
      case 'getAlert':
        throw this.#refused('getAlert', new OpsGenieLimitError('an alert is read with getAlert, not delivered'));
    }
  }

  async #alertAction<B extends OpsGenieActionBody>(
    action: AlertAction,
    alias: string,
    bound: () => { body: B; truncated: TruncatedField[] },
    options: DeliveryOptions,
  ): Promise<OpsGenieAccepted> {
    const bounded = this.#bound(action, 'POST', undefined, () => {
      if (typeof alias !== 'string' || alias.trim() === '') throw new OpsGenieLimitError(`OpsGenie ${action}: an alias is required`);
      return { alias: boundAlias(alias), ...bound() };
    });
    const url = alertActionUrl(this.endpoint, bounded.alias, action);
    return this.#accepted(action, 'POST', url, bounded.body, bounded.truncated, options);
  }

  async #accepted(
    operation: OpsGenieAccepted['operation'],
    method: 'POST' | 'GET',
    url: string,
    body: object | undefined,
    truncated: TruncatedField[],
    options: DeliveryOptions,
  ): Promise<OpsGenieAccepted> {
    const started = performance.now();
    try {
      const result = await sendWithRetry({
        sink: this.name,
        operation,
        method,
        url,
        headers: this.#headers(body !== undefined),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        http: this.#http,
        deadline: options,
        classify: classifyAccepted(operation),
      });
      const accepted: OpsGenieAccepted = {
        sink: this.name,
        operation,
        delivered: 1,
        attempts: result.attempts,
        status: result.status,
        truncated,
      };
      if (result.value.requestId !== undefined) accepted.requestId = result.value.requestId;
      this.#report({
        operation,
        method,
        url,
        outcome: 'accepted',
        attempts: result.attempts,
        status: result.status,
        ...(accepted.requestId === undefined ? {} : { requestId: accepted.requestId }),
        durationMs: performance.now() - started,
        ...(truncated.length === 0 ? {} : { truncated }),
      });
      return accepted;
    } catch (error) {
      this.#reportFailure(operation, method, url, started, error);
      throw error;
    }
  }

  /** Runs a bounding step; what it refuses becomes a PermanentDeliveryError (nothing was sent). */
  #bound<T>(operation: OpsGenieOperation, method: 'POST' | 'GET', url: string | undefined, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof OpsGenieLimitError)) throw error;
      const refused = this.#refused(operation, error);
      this.#reportFailure(operation, method, url ?? this.endpoint.apiRoot, performance.now(), refused);
      throw refused;
    }
  }

  #refused(operation: OpsGenieOperation, cause: OpsGenieLimitError): PermanentDeliveryError {
    return new PermanentDeliveryError(`${this.name} ${operation}: ${cause.message}`, { sink: this.name, operation, attempts: 0, cause });
  }

  #headers(withBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { authorization: this.#authorization, accept: 'application/json' };
    if (withBody) headers['content-type'] = 'application/json';
    return headers;
  }

  #report(record: OpsGenieCallRecord): void {
    if (this.#onCall === undefined) return;
    try {
      this.#onCall({ ...record, durationMs: Math.round(record.durationMs) });
    } catch {
      // A logger's failure must not turn a delivery into a failure.
    }
  }

  #reportFailure(operation: OpsGenieOperation, method: 'POST' | 'GET', url: string, started: number, error: unknown): void {
    const e = error as { name?: unknown; message?: unknown; attempts?: unknown; status?: unknown; requestId?: unknown };
    this.#report({
      operation,
      method,
      url,
      outcome: 'failed',
      attempts: typeof e?.attempts === 'number' ? e.attempts : 0,
      ...(typeof e?.status === 'number' ? { status: e.status } : {}),
      ...(typeof e?.requestId === 'string' ? { requestId: e.requestId } : {}),
      durationMs: performance.now() - started,
      error: `${String(e?.name ?? 'Error')}: ${String(e?.message ?? error)}`,
    });
  }
}

export { OpsGenieClient };
export type {
  OpsGenieAccepted,
  OpsGenieAlertLookup,
  OpsGenieCallRecord,
  OpsGenieClientOptions,
  OpsGenieRequestStatus,
  OpsGenieRequestStatusReader,
};
