import { randomUUID } from 'node:crypto';
import { RESPONDER_TYPES } from '../../shared/alerts/opsgenie';
import { OpsGenieConfigApi } from './opsgenieConfigApi';

/**
 * OpsGenie's Alert and Heartbeat API as the embedded runtime serves it in place of the real service (the
 * capture endpoint, captureEndpoint.ts, puts it on a loopback port). It enforces the real API's rules, so
 * that a request the client gets wrong fails here as it would in a stage, and keeps an alert store with
 * the real semantics Vigil relies on:
 *
 * - `Authorization: GenieKey <key>` required (401 otherwise; with `apiKey` set, that exact key);
 * - the operations and methods of the public spec (opsgenie/opsgenie-oas swagger.json): `POST /v2/alerts`,
 *   `POST /v2/alerts/{identifier}/close|acknowledge|notes?identifierType=id|alias|tiny`,
 *   `GET /v2/alerts/{identifier}`, `GET /v2/alerts/requests/{requestId}`, and the heartbeat ping at
 *   `/v2/heartbeats/{name}/ping` (GET, POST, PUT or PATCH, as the Heartbeat API docs allow); under
 *   `/jsm/ops/integration` for the jsm flavour (no heartbeat there); for the opsgenie flavour, the
 *   configuration API (teams, schedules, escalations, heartbeats, users) of opsgenieConfigApi.ts beside it;
 * - bodies: JSON objects of the spec's definitions (CreateAlertPayload, AlertActionPayload,
 *   AddNoteToAlertPayload), their required fields, types and enums, and the documented limits the spec
 *   leaves out (https://docs.opsgenie.com/docs/alert-api field table). 400 for a body that is not JSON,
 *   422 with `errors: {field: reason}` otherwise, as OpsGenie's ErrorResponse. Stricter than OpsGenie in
 *   two ways, on purpose: an over-limit field is refused (OpsGenie's behaviour is undocumented, and Vigil
 *   promises never to send one) and so is a field the definition does not have (a typo would otherwise
 *   be silently ignored);
 * - asynchronous processing: writes answer 202 `{result, took, requestId}`; the outcome is at the
 *   request-status endpoint, 404 with `X-Opsgenie-Errortype: RequestNotProcessed` for `pendingStatusReads`
 *   reads first, and for an id it never issued (a real server cannot tell those apart either);
 * - alias deduplication: a create whose alias names an open alert raises that alert's `count` and opens
 *   nothing; once closed, the same alias opens a new alert. A close, acknowledge or note on an alias no
 *   alert has is accepted (202) and fails only in its request status ("Alert does not exist").
 *
 * The status texts ("Created alert", "Alert does not exist", …) follow the reference notes where they
 * give one; the others are the stand-in's own wording.
 */

/** The documented limits (written out here, independently of the client's table in shared/alerts/opsgenie/limits.ts). */
const LIMITS = {
  message: 130,
  alias: 512,
  description: 15_000,
  responders: 50,
  visibleTo: 50,
  actions: 10,
  action: 50,
  tags: 20,
  tag: 50,
  details: 8_000,
  entity: 512,
  source: 100,
  user: 100,
  note: 25_000,
  heartbeatName: 200,
} as const;

const VISIBLE_TO_TYPES = ['team', 'user'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const IDENTIFIER_TYPES = ['id', 'alias', 'tiny'];
const CREATE_FIELDS = [
  'message',
  'alias',
  'description',
  'responders',
  'visibleTo',
  'actions',
  'tags',
  'details',
  'entity',
  'source',
  'priority',
  'user',
  'note',
];
const ACTION_FIELDS = ['user', 'source', 'note'];

export interface StandInAlert {
  id: string;
  tinyId: string;
  alias: string;
  message: string;
  status: 'open' | 'closed';
  acknowledged: boolean;
  count: number;
  priority: string;
  tags: string[];
  notes: Array<{ note: string; user?: string; createdAt: string }>;
  createdAt: string;
  updatedAt: string;
  lastOccurredAt: string;
  /** The create body as received. */
  body: Record<string, unknown>;
}

/** What the request-status API tells of one accepted request. */
export interface StandInRequestStatus {
  action: 'Create' | 'Close' | 'Acknowledge' | 'AddNote';
  isSuccess: boolean;
  status: string;
  alertId: string;
  alias: string;
  processedAt: string;
  integrationId: string;
}

export interface OpsGenieStandInOptions {
  /** The only key accepted; any non-empty GenieKey when absent. */
  apiKey?: string;
  /** Default "opsgenie"; "jsm" serves the same under /jsm/ops/integration, without the heartbeat. */
  flavour?: 'opsgenie' | 'jsm';
  /** Reads of a request's status answered RequestNotProcessed before its outcome shows. Default 0. */
  pendingStatusReads?: number;
  /**
   * Accepts a request (202) and then fails it when processed, with the status text returned (as OpsGenie
   * does when, say, the integration was disabled meanwhile): only the request-status API tells. For fault
   * tests; by default every valid request is processed.
   */
  failProcessing?: (request: { action: StandInRequestStatus['action']; alias: string }) => string | undefined;
  /** Default Date.now. */
  now?: () => number;
  /** Default randomUUID. */
  newId?: () => string;
  /** The configuration API (teams, schedules, escalations, heartbeats) served beside the alert API; default an empty one. */
  configApi?: OpsGenieConfigApi;
  /** What an earlier stand-in kept (`state()`): a data dir's OpsGenie remembers its alerts and requests across runs. */
  state?: StandInState;
}

/** The alert API's memory: alerts, the outcome of every accepted request, heartbeat pings. */
export interface StandInState {
  alerts: StandInAlert[];
  requests: Record<string, StandInRequestStatus>;
  heartbeats: Record<string, { pings: number; lastPingAt: string }>;
  tinyIds: number;
}

export interface StandInRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface StandInAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** A write (or ping) that was accepted: what the capture records (opsgenie.jsonl). Reads and refusals are not recorded. */
  accepted: boolean;
  /** The request's JSON body, if it had one. */
  requestBody: unknown;
}

type Problems = Record<string, string>;

class Refusal {
  public constructor(
    public readonly status: number,
    public readonly message: string,
    public readonly errors?: Problems,
    public readonly headers: Record<string, string> = {},
  ) {}
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Refusal(400, `Path segment "${segment}" is not valid percent-encoding`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkString(problems: Problems, body: Record<string, unknown>, field: string, max: number, required = false): void {
  const value = body[field];
  if (value === undefined) {
    if (required) problems[field] = `${field} is required`;
    return;
  }
  if (typeof value !== 'string') problems[field] = `${field} must be a string`;
  else if (required && value.trim() === '') problems[field] = `${field} can not be empty`;
  else if (value.length > max) problems[field] = `${field} is ${value.length} characters, more than ${max}`;
}

function checkUnknown(problems: Problems, body: Record<string, unknown>, known: readonly string[], definition: string): void {
  for (const field of Object.keys(body)) if (!known.includes(field)) problems[field] = `${field} is not a field of ${definition}`;
}

function checkStringList(problems: Problems, body: Record<string, unknown>, field: string, maxCount: number, maxLength: number): void {
  const value = body[field];
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems[field] = `${field} must be an array of strings`;
    return;
  }
  if (value.length > maxCount) problems[field] = `${field} has ${value.length} items, more than ${maxCount}`;
  const long = value.find((v: string) => v.length > maxLength);
  if (long !== undefined) problems[field] = `${field} has an item of ${long.length} characters, more than ${maxLength}`;
}

function checkRecipients(
  problems: Problems,
  body: Record<string, unknown>,
  field: 'responders' | 'visibleTo',
  types: readonly string[],
): void {
  const value = body[field];
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems[field] = `${field} must be an array`;
    return;
  }
  if (value.length > LIMITS[field]) problems[field] = `${field} has ${value.length} items, more than ${LIMITS[field]}`;
  for (const [i, r] of value.entries()) {
    if (!isObject(r) || typeof r.type !== 'string' || !types.includes(r.type)) {
      problems[`${field}[${i}].type`] = `type must be one of ${types.join(', ')}`;
    } else if (![r.id, r.name, r.username].some((v) => typeof v === 'string' && v !== '')) {
      problems[`${field}[${i}]`] = 'a recipient needs an id, a name or a username';
    }
  }
}

function checkCreate(body: Record<string, unknown>): Problems {
  const problems: Problems = {};
  checkUnknown(problems, body, CREATE_FIELDS, 'CreateAlertPayload');
  checkString(problems, body, 'message', LIMITS.message, true);
  checkString(problems, body, 'alias', LIMITS.alias);
  checkString(problems, body, 'description', LIMITS.description);
  checkRecipients(problems, body, 'responders', RESPONDER_TYPES);
  checkRecipients(problems, body, 'visibleTo', VISIBLE_TO_TYPES);
  checkStringList(problems, body, 'actions', LIMITS.actions, LIMITS.action);
  checkStringList(problems, body, 'tags', LIMITS.tags, LIMITS.tag);
  if (body.details !== undefined) {
    if (!isObject(body.details)) problems.details = 'details must be an object';
    else {
      const entries = Object.entries(body.details);
      const notString = entries.find(([, v]) => typeof v !== 'string');
      if (notString) problems[`details.${notString[0]}`] = 'details values must be strings';
      const total = entries.reduce((n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : 0), 0);
      if (total > LIMITS.details) problems.details = `details hold ${total} characters, more than ${LIMITS.details}`;
    }
  }
  checkString(problems, body, 'entity', LIMITS.entity);
  checkString(problems, body, 'source', LIMITS.source);
  if (body.priority !== undefined && !PRIORITIES.includes(body.priority as string)) problems.priority = 'priority must be one of P1..P5';
  checkString(problems, body, 'user', LIMITS.user);
  checkString(problems, body, 'note', LIMITS.note);
  return problems;
}

function checkAction(body: Record<string, unknown>, definition: string, noteRequired: boolean): Problems {
  const problems: Problems = {};
  checkUnknown(problems, body, ACTION_FIELDS, definition);
  checkString(problems, body, 'user', LIMITS.user);
  checkString(problems, body, 'source', LIMITS.source);
  checkString(problems, body, 'note', LIMITS.note, noteRequired);
  return problems;
}

const ACTIONS = {
  close: { action: 'Close', definition: 'CloseAlertPayload' },
  acknowledge: { action: 'Acknowledge', definition: 'AcknowledgeAlertPayload' },
  notes: { action: 'AddNote', definition: 'AddNoteToAlertPayload' },
} as const;

export class OpsGenieStandIn {
  /** Every alert ever opened, oldest first. */
  public readonly alerts: StandInAlert[] = [];
  /** Accepted alert requests, by requestId. */
  public readonly requests = new Map<string, StandInRequestStatus>();
  /** Pings received, by heartbeat name. */
  public readonly heartbeats = new Map<string, { pings: number; lastPingAt: string }>();
  /** The configuration API, mounted for the opsgenie flavour (opsgenieConfigApi.ts). */
  public readonly config: OpsGenieConfigApi;
  readonly #options: OpsGenieStandInOptions;
  readonly #pendingReads = new Map<string, number>();
  readonly #integrationId: string;
  #tiny = 0;

  public constructor(options: OpsGenieStandInOptions = {}) {
    this.#options = options;
    this.#integrationId = this.#id();
    this.config = options.configApi ?? new OpsGenieConfigApi({ ...(options.now ? { now: options.now } : {}) });
    if (options.state) {
      this.alerts.push(...structuredClone(options.state.alerts));
      for (const [id, status] of Object.entries(options.state.requests)) this.requests.set(id, { ...status });
      for (const [name, beat] of Object.entries(options.state.heartbeats)) this.heartbeats.set(name, { ...beat });
      this.#tiny = options.state.tinyIds;
    }
  }

  /** Its alerts, request outcomes and pings, to be given back (`state` option) to the next run's stand-in. */
  public state(): StandInState {
    return {
      alerts: structuredClone(this.alerts),
      requests: Object.fromEntries(this.requests),
      heartbeats: Object.fromEntries(this.heartbeats),
      tinyIds: this.#tiny,
    };
  }

  /** The open alert with this alias, if any. */
  public openAlert(alias: string): StandInAlert | undefined {
    return this.alerts.find((a) => a.alias === alias && a.status === 'open');
  }

  public handle(request: StandInRequest): StandInAnswer {
    let requestBody: unknown;
    try {
      const url = new URL(request.path, 'http://stand-in');
      const prefix = this.#options.flavour === 'jsm' ? '/jsm/ops/integration' : '';
      if (!url.pathname.startsWith(`${prefix}/`)) throw new Refusal(404, 'No such resource');
      const path = url.pathname.slice(prefix.length);
      this.#authenticate(request.headers.authorization);
      requestBody = this.#parseBody(request);
      if (this.#options.flavour !== 'jsm' && this.config.serves(path)) {
        const answer = this.config.handle(request.method.toUpperCase(), path, url.searchParams, requestBody);
        return { ...answer, headers: { 'X-Request-ID': this.#id() }, requestBody };
      }
      const answer = this.#route(request.method.toUpperCase(), path, url.searchParams, requestBody);
      return { ...answer, requestBody };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const body: Record<string, unknown> = { message: error.message, took: 0.001, requestId: this.#id() };
      if (error.errors) body.errors = error.errors;
      return { status: error.status, headers: error.headers, body, accepted: false, requestBody };
    }
  }

  #route(method: string, path: string, query: URLSearchParams, body: unknown): Omit<StandInAnswer, 'requestBody'> {
    const segments = path.replace(/\/+$/, '').split('/').slice(1);
    if (segments[0] === 'v2' && segments[1] === 'alerts') {
      const rest = segments.slice(2).map(decodeSegment);
      if (rest.length === 0) return this.#expect(method, 'POST', () => this.#create(body));
      if (rest.length === 2 && rest[0] === 'requests') return this.#expect(method, 'GET', () => this.#status(rest[1]!));
      const identifierType = query.get('identifierType') ?? 'id';
      if (!IDENTIFIER_TYPES.includes(identifierType)) {
        throw new Refusal(422, 'Request parameters are not valid', {
          identifierType: `identifierType must be one of ${IDENTIFIER_TYPES.join(', ')}`,
        });
      }
      if (rest.length === 1) return this.#expect(method, 'GET', () => this.#getAlert(rest[0]!, identifierType));
      const action = rest.length === 2 ? ACTIONS[rest[1] as keyof typeof ACTIONS] : undefined;
      if (action)
        return this.#expect(method, 'POST', () => this.#alertAction(rest[1] as keyof typeof ACTIONS, rest[0]!, identifierType, body));
    }
    if (
      this.#options.flavour !== 'jsm' &&
      segments[0] === 'v2' &&
      segments[1] === 'heartbeats' &&
      segments[3] === 'ping' &&
      segments.length === 4
    ) {
      if (!['GET', 'POST', 'PUT', 'PATCH'].includes(method)) throw new Refusal(405, `${method} is not allowed here`);
      return this.#ping(decodeSegment(segments[2]!));
    }
    throw new Refusal(404, 'No such resource');
  }

  #expect(method: string, allowed: 'GET' | 'POST', handle: () => Omit<StandInAnswer, 'requestBody'>): Omit<StandInAnswer, 'requestBody'> {
    if (method !== allowed) throw new Refusal(405, `${method} is not allowed here (${allowed})`);
    return handle();
  }

  #authenticate(header: string | string[] | undefined): void {
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^GenieKey (\S+)$/.exec(value ?? '');
    if (!match || (this.#options.apiKey !== undefined && match[1] !== this.#options.apiKey)) {
      throw new Refusal(401, 'Could not authenticate');
    }
  }

  #parseBody(request: StandInRequest): unknown {
    if (request.text === '') return undefined;
    const type = String(request.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) throw new Refusal(415, `Content type "${type}" is not supported (application/json)`);
    try {
      return JSON.parse(request.text);
    } catch {
      throw new Refusal(400, 'Invalid JSON body');
    }
  }

  #accept(requestId: string): Omit<StandInAnswer, 'requestBody'> {
    return {
      status: 202,
      headers: { 'X-Request-ID': requestId },
      body: { result: 'Request will be processed', took: 0.003, requestId },
      accepted: true,
    };
  }

  #create(body: unknown): Omit<StandInAnswer, 'requestBody'> {
    if (!isObject(body)) throw new Refusal(422, 'Request body is not processable', { body: 'a CreateAlertPayload object is required' });
    const problems = checkCreate(body);
    if (Object.keys(problems).length > 0) throw new Refusal(422, 'Request body is not processable. Please check the errors.', problems);
    const requestId = this.#id();
    const now = this.#now();
    const alias = typeof body.alias === 'string' && body.alias !== '' ? body.alias : undefined;
    if (this.#failed(requestId, 'Create', alias ?? '')) return this.#accept(requestId);
    const open = alias === undefined ? undefined : this.openAlert(alias);
    if (open) {
      open.count += 1;
      open.lastOccurredAt = now;
      open.updatedAt = now;
      this.#processed(requestId, 'Create', true, `Alert deduplicated (count ${open.count})`, open);
    } else {
      const id = this.#id();
      const alert: StandInAlert = {
        id,
        tinyId: String(++this.#tiny),
        alias: alias ?? id,
        message: body.message as string,
        status: 'open',
        acknowledged: false,
        count: 1,
        priority: (body.priority as string | undefined) ?? 'P3',
        tags: (body.tags as string[] | undefined) ?? [],
        notes: typeof body.note === 'string' ? [{ note: body.note, createdAt: now }] : [],
        createdAt: now,
        updatedAt: now,
        lastOccurredAt: now,
        body: structuredClone(body),
      };
      this.alerts.push(alert);
      this.#processed(requestId, 'Create', true, 'Created alert', alert);
    }
    return this.#accept(requestId);
  }

  #find(identifier: string, identifierType: string): StandInAlert | undefined {
    if (identifierType === 'id') return this.alerts.find((a) => a.id === identifier);
    if (identifierType === 'tiny') return this.alerts.findLast((a) => a.tinyId === identifier);
    // An alias is unique among open alerts; otherwise the latest alert that had it.
    return this.openAlert(identifier) ?? this.alerts.findLast((a) => a.alias === identifier);
  }

  #alertAction(kind: keyof typeof ACTIONS, identifier: string, identifierType: string, body: unknown): Omit<StandInAnswer, 'requestBody'> {
    const { action, definition } = ACTIONS[kind];
    if (body !== undefined && !isObject(body))
      throw new Refusal(422, 'Request body is not processable', { body: `a ${definition} object is expected` });
    const payload = (body ?? {}) as Record<string, unknown>;
    const problems = checkAction(payload, definition, kind === 'notes');
    if (Object.keys(problems).length > 0) throw new Refusal(422, 'Request body is not processable. Please check the errors.', problems);
    const requestId = this.#id();
    if (this.#failed(requestId, action, identifierType === 'alias' ? identifier : '')) return this.#accept(requestId);
    const alert = this.#find(identifier, identifierType);
    const now = this.#now();
    if (!alert) {
      this.#processed(requestId, action, false, 'Alert does not exist', { id: '', alias: identifierType === 'alias' ? identifier : '' });
      return this.#accept(requestId);
    }
    if (typeof payload.note === 'string')
      alert.notes.push({ note: payload.note, ...(typeof payload.user === 'string' ? { user: payload.user } : {}), createdAt: now });
    let status: string;
    if (kind === 'close') {
      status = alert.status === 'closed' ? 'Alert is already closed' : 'Closed alert';
      alert.status = 'closed';
    } else if (kind === 'acknowledge') {
      status = alert.acknowledged ? 'Alert is already acknowledged' : 'Acknowledged alert';
      alert.acknowledged = true;
    } else {
      status = 'Added note';
    }
    alert.updatedAt = now;
    this.#processed(requestId, action, true, status, alert);
    return this.#accept(requestId);
  }

  /** Whether failProcessing fails this request: then its status is recorded failed, and nothing else changes. */
  #failed(requestId: string, action: StandInRequestStatus['action'], alias: string): boolean {
    const status = this.#options.failProcessing?.({ action, alias });
    if (status === undefined) return false;
    this.#processed(requestId, action, false, status, { id: '', alias });
    return true;
  }

  #processed(
    requestId: string,
    action: StandInRequestStatus['action'],
    isSuccess: boolean,
    status: string,
    alert: { id: string; alias: string },
  ): void {
    this.requests.set(requestId, {
      action,
      isSuccess,
      status,
      alertId: alert.id,
      alias: alert.alias,
      processedAt: this.#now(),
      integrationId: this.#integrationId,
    });
    this.#pendingReads.set(requestId, this.#options.pendingStatusReads ?? 0);
  }

  #status(requestId: string): Omit<StandInAnswer, 'requestBody'> {
    const status = this.requests.get(requestId);
    const pending = this.#pendingReads.get(requestId) ?? 0;
    if (!status || pending > 0) {
      if (status) this.#pendingReads.set(requestId, pending - 1);
      throw new Refusal(404, 'Request not processed yet', undefined, { 'X-Opsgenie-Errortype': 'RequestNotProcessed' });
    }
    const requestIdOfRead = this.#id();
    return {
      status: 200,
      headers: { 'X-Request-ID': requestIdOfRead },
      body: { data: { success: status.isSuccess, ...status }, took: 0.002, requestId: requestIdOfRead },
      accepted: false,
    };
  }

  #getAlert(identifier: string, identifierType: string): Omit<StandInAnswer, 'requestBody'> {
    const alert = this.#find(identifier, identifierType);
    if (!alert) throw new Refusal(404, `Alert with the given ${identifierType} does not exist`);
    const { body: _body, notes: _notes, ...data } = alert;
    const requestId = this.#id();
    return { status: 200, headers: { 'X-Request-ID': requestId }, body: { data, took: 0.002, requestId }, accepted: false };
  }

  #ping(name: string): Omit<StandInAnswer, 'requestBody'> {
    if (name.trim() === '' || name.length > LIMITS.heartbeatName) {
      throw new Refusal(422, 'Request parameters are not valid', { name: `name must be 1 to ${LIMITS.heartbeatName} characters` });
    }
    const seen = this.heartbeats.get(name) ?? { pings: 0, lastPingAt: '' };
    this.heartbeats.set(name, { pings: seen.pings + 1, lastPingAt: this.#now() });
    this.config.recordPing(name);
    const requestId = this.#id();
    return {
      status: 202,
      headers: { 'X-Request-ID': requestId },
      body: { result: 'PONG - Heartbeat received', took: 0.001, requestId },
      accepted: true,
    };
  }

  #now(): string {
    return new Date((this.#options.now ?? Date.now)()).toISOString();
  }

  #id(): string {
    return (this.#options.newId ?? randomUUID)();
  }
}
