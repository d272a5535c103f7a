import { createHash } from 'node:crypto';
import { clip, truncate } from '../text';
import { OpsGenieLimitError } from './errors';
import {
  RESPONDER_TYPES,
  type OpsGenieActionBody,
  type OpsGenieAlertPayload,
  type OpsGenieNoteBody,
  type OpsGenieResponder,
} from './types';

/**
 * The documented limits of the Alert API v2 field table (https://docs.opsgenie.com/docs/alert-api, "Create
 * Alert"; the public OpenAPI description encodes none of them) and of the Heartbeat API (heartbeat name, in
 * opsgenie/opsgenie-oas definitions/heartbeat.yaml). Lengths are UTF-16 code units (see ../text.ts).
 * What OpsGenie does with an over-long field is undocumented, so nothing over-long is ever sent.
 */
const OPSGENIE_LIMITS = {
  message: 130,
  alias: 512,
  description: 15_000,
  responders: 50,
  visibleTo: 50,
  actions: 10,
  actionLength: 50,
  tags: 20,
  tagLength: 50,
  /** Total characters of `details`, counted conservatively as the sum of every key and value. */
  detailsTotal: 8_000,
  entity: 512,
  source: 100,
  user: 100,
  note: 25_000,
  heartbeatName: 200,
} as const;

/**
 * How truncation is marked:
 * - a one-line field (message, entity, source, user, a tag, an action, a details value) that was cut
 *   ends with `…` (U+2026), the whole within its limit;
 * - a long text (description, note) that was cut ends with {@link LONG_TEXT_MARK};
 * - an alias over 512 characters is cut to 495 and given `.` + 16 hex digits of the SHA-256 of the whole
 *   alias: deterministic (the create, a retry, a close and a note all compute the same one) and still
 *   unique per finding;
 * - every field that was cut, or lost items (tags beyond 20, details entries beyond 8,000 characters,
 *   responders beyond 50), is listed in the details entry {@link TRUNCATED_DETAIL}, e.g.
 *   `"vigil.truncated": "message,tags,details"`, so the alert itself says it is incomplete.
 */
const LONG_TEXT_MARK = ' … [truncated]';
const TRUNCATED_DETAIL = 'vigil.truncated';
const ALIAS_HASH_LENGTH = 16;

/** Field names as listed in {@link TRUNCATED_DETAIL}, in this order. */
const TRUNCATABLE_FIELDS = [
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
  'user',
  'note',
] as const;
type TruncatedField = (typeof TRUNCATABLE_FIELDS)[number];

/** A value clipped to fewer characters than this is dropped instead: a stub says nothing. */
const MIN_CLIPPED_DETAIL = 16;

const PRIORITIES = new Set(['P1', 'P2', 'P3', 'P4', 'P5']);

interface Bounded<T> {
  body: T;
  /** The fields cut or shortened, in {@link TRUNCATABLE_FIELDS} order; empty when the body was within every limit. */
  truncated: TruncatedField[];
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, ALIAS_HASH_LENGTH);
}

/**
 * An alias within 512 characters, unchanged when it already is. Idempotent, so the bounded alias of a
 * create and the alias in a later close or note URL are the same string.
 */
function boundAlias(alias: string): string {
  if (alias.length <= OPSGENIE_LIMITS.alias) return alias;
  return `${clip(alias, OPSGENIE_LIMITS.alias - ALIAS_HASH_LENGTH - 1)}.${shortHash(alias)}`;
}

/** `value` within `max`, its end replaced by {@link LONG_TEXT_MARK} when cut. */
function truncateLongText(value: string, max: number): string {
  if (value.length <= max) return value;
  return clip(value, max - LONG_TEXT_MARK.length) + LONG_TEXT_MARK;
}

class TruncationLog {
  readonly #fields = new Set<TruncatedField>();

  public constructor(seed: Iterable<string> = []) {
    for (const field of seed) this.add(field);
  }

  public add(field: string): void {
    if ((TRUNCATABLE_FIELDS as readonly string[]).includes(field)) this.#fields.add(field as TruncatedField);
  }

  public text(field: TruncatedField, value: string, max: number): string {
    const out = truncate(value, max);
    if (out !== value) this.#fields.add(field);
    return out;
  }

  public longText(field: TruncatedField, value: string, max: number): string {
    const out = truncateLongText(value, max);
    if (out !== value) this.#fields.add(field);
    return out;
  }

  public list(extra?: TruncatedField): TruncatedField[] {
    return TRUNCATABLE_FIELDS.filter((f) => this.#fields.has(f) || f === extra);
  }
}

function markerCost(fields: readonly string[]): number {
  return fields.length === 0 ? 0 : TRUNCATED_DETAIL.length + fields.join(',').length;
}

/** Strings only (the schema allows nothing else): numbers and booleans as text, objects as JSON, null/undefined dropped. */
function detailValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Each item cut to `maxLength` (marked), blanks and duplicates dropped, at most `maxCount` kept. */
function boundList(field: TruncatedField, values: readonly string[], maxCount: number, maxLength: number, log: TruncationLog): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const value = log.text(field, String(raw), maxLength);
    if (value.trim() === '' || out.includes(value)) continue;
    if (out.length === maxCount) {
      log.add(field);
      break;
    }
    out.push(value);
  }
  return out;
}

function boundResponders(field: 'responders' | 'visibleTo', list: readonly OpsGenieResponder[], log: TruncationLog): OpsGenieResponder[] {
  const out: OpsGenieResponder[] = [];
  for (const responder of list) {
    if (!(RESPONDER_TYPES as readonly string[]).includes(responder?.type)) {
      throw new OpsGenieLimitError(
        `OpsGenie ${field}: type "${String(responder?.type)}" is not valid for alerts (expected ${RESPONDER_TYPES.join(', ')})`,
      );
    }
    if (!responder.id && !responder.name && !responder.username) {
      throw new OpsGenieLimitError(`OpsGenie ${field}: a ${responder.type} needs an id, a name or a username`);
    }
    if (out.length === OPSGENIE_LIMITS[field]) {
      log.add(field);
      break;
    }
    const copy: OpsGenieResponder = { type: responder.type };
    if (responder.id !== undefined) copy.id = responder.id;
    if (responder.name !== undefined) copy.name = responder.name;
    if (responder.username !== undefined) copy.username = responder.username;
    out.push(copy);
  }
  return out;
}

/**
 * `details` within 8,000 characters (keys and values counted), room left for the {@link TRUNCATED_DETAIL}
 * marker when anything was cut. Entries are kept in their order: each that fits whole is kept, one that
 * does not is clipped to what is left (if that leaves at least {@link MIN_CLIPPED_DETAIL} characters of
 * value) or dropped, and the next ones are still tried.
 */
function boundDetails(details: Record<string, unknown>, log: TruncationLog): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const [key, raw] of Object.entries(details)) {
    const value = detailValue(raw);
    if (key === TRUNCATED_DETAIL) {
      for (const field of (value ?? '').split(',')) log.add(field.trim());
      continue;
    }
    if (key === '' || value === undefined) continue;
    entries.push([key, value]);
  }
  const total = entries.reduce((n, [k, v]) => n + k.length + v.length, 0);
  const out: Record<string, string> = {};
  if (total + markerCost(log.list()) <= OPSGENIE_LIMITS.detailsTotal) {
    for (const [k, v] of entries) out[k] = v;
  } else {
    log.add('details');
    let left = OPSGENIE_LIMITS.detailsTotal - markerCost(log.list());
    for (const [key, value] of entries) {
      const cost = key.length + value.length;
      if (cost <= left) {
        out[key] = value;
        left -= cost;
      } else if (left - key.length >= MIN_CLIPPED_DETAIL) {
        out[key] = truncate(value, left - key.length);
        left -= key.length + out[key].length;
      }
    }
  }
  const fields = log.list();
  if (fields.length > 0) out[TRUNCATED_DETAIL] = fields.join(',');
  return out;
}

/**
 * A create-alert payload within every documented limit, marked where it was cut (see
 * {@link LONG_TEXT_MARK}). Pure and deterministic; idempotent (a bounded body comes back unchanged),
 * so it is safe to apply both where a body is built and where it is sent. Only the fields of
 * CreateAlertPayload are kept. Throws {@link OpsGenieLimitError} for what clipping cannot fix.
 *
 * @param alreadyTruncated fields the caller shortened itself while building the body (listed in the marker too).
 */
function boundCreateAlert<T extends OpsGenieAlertPayload>(payload: T, alreadyTruncated: readonly string[] = []): Bounded<T> {
  if (typeof payload?.message !== 'string' || payload.message.trim() === '') {
    throw new OpsGenieLimitError('OpsGenie create alert: message is required and must not be blank');
  }
  if (payload.priority !== undefined && !PRIORITIES.has(payload.priority)) {
    throw new OpsGenieLimitError(`OpsGenie create alert: priority "${String(payload.priority)}" is not one of P1..P5`);
  }
  const log = new TruncationLog(alreadyTruncated);
  const body = { message: log.text('message', payload.message, OPSGENIE_LIMITS.message) } as T;
  if (payload.alias !== undefined) {
    body.alias = boundAlias(payload.alias);
    if (body.alias !== payload.alias) log.add('alias');
  }
  if (payload.description !== undefined) {
    body.description = log.longText('description', payload.description, OPSGENIE_LIMITS.description);
  }
  if (payload.responders !== undefined) body.responders = boundResponders('responders', payload.responders, log);
  if (payload.visibleTo !== undefined) body.visibleTo = boundResponders('visibleTo', payload.visibleTo, log);
  if (payload.actions !== undefined) {
    body.actions = boundList('actions', payload.actions, OPSGENIE_LIMITS.actions, OPSGENIE_LIMITS.actionLength, log);
  }
  if (payload.tags !== undefined) body.tags = boundList('tags', payload.tags, OPSGENIE_LIMITS.tags, OPSGENIE_LIMITS.tagLength, log);
  if (payload.entity !== undefined) body.entity = log.text('entity', payload.entity, OPSGENIE_LIMITS.entity);
  if (payload.source !== undefined) body.source = log.text('source', payload.source, OPSGENIE_LIMITS.source);
  if (payload.priority !== undefined) body.priority = payload.priority;
  if (payload.user !== undefined) body.user = log.text('user', payload.user, OPSGENIE_LIMITS.user);
  if (payload.note !== undefined) body.note = log.longText('note', payload.note, OPSGENIE_LIMITS.note);
  // Last, so that the marker lists every other field that was cut.
  if (payload.details !== undefined || log.list().length > 0) {
    body.details = boundDetails(payload.details ?? {}, log);
  }
  return { body, truncated: log.list() };
}

/** A close or acknowledge body (user, source, note) within its limits. */
function boundActionBody<T extends OpsGenieActionBody>(payload: T = {} as T): Bounded<T> {
  const log = new TruncationLog();
  const body = {} as T;
  if (payload.user !== undefined) body.user = log.text('user', payload.user, OPSGENIE_LIMITS.user);
  if (payload.source !== undefined) body.source = log.text('source', payload.source, OPSGENIE_LIMITS.source);
  if (payload.note !== undefined) body.note = log.longText('note', payload.note, OPSGENIE_LIMITS.note);
  return { body, truncated: log.list() };
}

/** An add-note body within its limits; the note is required. */
function boundNoteBody(payload: OpsGenieNoteBody): Bounded<OpsGenieNoteBody> {
  if (typeof payload?.note !== 'string' || payload.note.trim() === '') {
    throw new OpsGenieLimitError('OpsGenie add note: note is required and must not be blank');
  }
  return boundActionBody(payload);
}

/** A heartbeat name is an identifier: refused, never clipped (a clipped name would ping another heartbeat). */
function checkHeartbeatName(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new OpsGenieLimitError('OpsGenie heartbeat: name is required');
  if (name.length > OPSGENIE_LIMITS.heartbeatName) {
    throw new OpsGenieLimitError(
      `OpsGenie heartbeat: name is ${name.length} characters, over the ${OPSGENIE_LIMITS.heartbeatName} allowed`,
    );
  }
  return name;
}

export {
  LONG_TEXT_MARK,
  OPSGENIE_LIMITS,
  TRUNCATABLE_FIELDS,
  TRUNCATED_DETAIL,
  boundActionBody,
  boundAlias,
  boundCreateAlert,
  boundNoteBody,
  checkHeartbeatName,
  truncateLongText,
};
export type { Bounded, TruncatedField };
