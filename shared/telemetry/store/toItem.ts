import { safeKey } from '../../ingest';
import type { ClassifiedField } from '../classify';
import { isIpField, retentionPlan, truncateIp } from '../privacy';
import type { BatchContext, ClassifiedTelemetryEvent } from '../TelemetryIngest';
import { docPath, ITEM_VERSION, rootOf, setValueAt, type TelemetryDoc, type TelemetryItem, valueAt } from './item';

/** An event split for storage: the item's plaintext part, and the Restricted values to seal into it. */
export interface SplitEvent {
  item: TelemetryItem;
  /** The Restricted values by document path (empty: nothing to seal). */
  restricted: Record<string, unknown>;
}

/** The UTC day (YYYY-MM-DD) of a time in epoch seconds. */
const DAY = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

/** The last strip day worked out: the events of a batch mostly share their next retention step. */
let lastStrip = { at: Number.NaN, day: '' };
function stripDay(epochSeconds: number): string {
  if (epochSeconds !== lastStrip.at) lastStrip = { at: epochSeconds, day: DAY(epochSeconds) };
  return lastStrip.day;
}

/**
 * Splits a classified event: every Restricted value (by the spec's classification, unplanned values
 * included) comes out of the document into `restricted`; IP addresses left in plaintext are
 * truncated; the user id is replaced by its pseudonym; retention is planned per class.
 */
export function splitEvent(event: ClassifiedTelemetryEvent, userPseudonym: string | undefined): SplitEvent {
  const { batch } = event;
  const shared = batchPart(batch);
  // Copy on write: the document shares the event's values and copies only the containers on a path it changes
  // (a deep clone of every event was 23% of the storage path; the event itself must stay as received).
  // A top-level Restricted value is left out of the copy rather than deleted from it (same keys, same order):
  // a delete turns the copy into a dictionary, which JSON.stringify then walks more slowly.
  const event_ = eventCopy(event.event, event.fields);
  const doc: TelemetryDoc = { event: event_, batch: shared.batch };
  // Made when a nested value changes (most events change only top-level keys, or nothing).
  let owned: WeakSet<object> | undefined;
  const restricted: Record<string, unknown> = { ...shared.restricted };
  const sealed: ClassifiedField[] = [...shared.sealed];
  const kept: ClassifiedField[] = [...shared.kept];
  const sealedFields = [...shared.sealedFields];
  for (const field of event.fields) {
    const { path } = field;
    if (field.classification === 'Restricted') {
      if (path.includes('.')) {
        restricted[path] = valueAt(doc, path);
        ownPath(doc, path, (owned ??= new WeakSet<object>([event_])));
        setValueAt(doc, path, undefined);
      } else restricted[path] = event.event[path];
      sealed.push(field);
      sealedFields.push(sealedFieldName(path));
      continue;
    }
    kept.push(field);
    if (isIpField(path)) {
      const value = valueAt(doc, path);
      if (typeof value === 'string') {
        ownPath(doc, path, (owned ??= new WeakSet<object>([event_])));
        setValueAt(doc, path, truncateIp(value) ?? null);
      }
    }
  }
  const plan = retentionPlan(kept, sealed, shared.from);
  const nextStripAt = Math.min(plan.restrictedUntil ?? Number.POSITIVE_INFINITY, plan.strips[0]?.at ?? Number.POSITIVE_INFINITY);
  const sessionId = typeof event_.sessionId === 'string' ? event_.sessionId : undefined;
  // The keys in the order the item has always had them, set one by one: an object literal of conditional spreads
  // (`...(x === undefined ? {} : { x })`) was the costliest part of the split after the sealing.
  const item = {
    eventId: event.eventId,
    v: ITEM_VERSION,
    batchId: batch.batchId,
    envelopeId: batch.envelopeId,
    appId: batch.app.id,
    name: event.name,
    kind: event.kind,
    timestamp: normaliseTime(event.event.timestamp),
    receivedAt: batch.receivedAt,
    release: batch.release,
    environment: batch.environment,
    platform: batch.app.platform,
  } as TelemetryItem;
  if (sessionId !== undefined) item.sessionId = sessionId;
  if (userPseudonym !== undefined) item.userPseudonym = userPseudonym;
  // JSON.stringify({ event, batch }) with the batch's part written once per batch.
  item.doc = `{"event":${JSON.stringify(event_)},"batch":${shared.json}}`;
  if (sealed.length > 0) item.sealedFields = sealedFields.sort();
  if (event.unexpected.length > 0) item.unexpected = event.unexpected.length;
  if (plan.restrictedUntil !== undefined) item.restrictedUntil = plan.restrictedUntil;
  if (plan.strips.length > 0) item.strips = JSON.stringify(plan.strips);
  if (Number.isFinite(nextStripAt)) {
    item.nextStripAt = nextStripAt;
    item.stripDay = stripDay(nextStripAt);
  }
  item.expiresAt = plan.expiresAt;
  item.rev = 1;
  return { item, restricted };
}

/** What every event of one batch has alike in its item: worked out once per batch. */
interface BatchPart {
  /** The document's `batch`: Restricted values out, IP addresses truncated. */
  readonly batch: Record<string, unknown>;
  /** JSON of `batch`. */
  readonly json: string;
  readonly restricted: Readonly<Record<string, unknown>>;
  readonly sealed: readonly ClassifiedField[];
  readonly kept: readonly ClassifiedField[];
  /** The sealed paths as the context names them. */
  readonly sealedFields: readonly string[];
  /** When the bus received the batch (epoch seconds): retention counts from here. */
  readonly from: number;
}

/**
 * Measured reason: the batch's fields (eleven in a captured iOS batch) were split, and their document
 * written, again for every event of the batch (bench/telemetryStorage.ts). A BatchContext is read-only
 * and shared by the events of its batch, so its part is kept with it.
 */
const batchParts = new WeakMap<BatchContext, BatchPart>();

function batchPart(batch: BatchContext): BatchPart {
  const known = batchParts.get(batch);
  if (known) return known;
  const { events: _events, ...batchFields } = batchDetail(batch);
  const doc: TelemetryDoc = { event: {}, batch: batchFields };
  let owned: WeakSet<object> | undefined;
  const change = (path: string, value: unknown) => {
    ownPath(doc, path, (owned ??= new WeakSet<object>([doc.batch])));
    setValueAt(doc, path, value);
  };
  const restricted: Record<string, unknown> = {};
  const sealed: ClassifiedField[] = [];
  const kept: ClassifiedField[] = [];
  for (const classified of batch.fields) {
    const field = { ...classified, path: docPath('batch', classified.path) };
    if (field.classification === 'Restricted') {
      restricted[field.path] = valueAt(doc, field.path);
      change(field.path, undefined);
      sealed.push(field);
      continue;
    }
    kept.push(field);
    if (isIpField(field.path)) {
      const value = valueAt(doc, field.path);
      if (typeof value === 'string') change(field.path, truncateIp(value) ?? null);
    }
  }
  const part: BatchPart = {
    batch: doc.batch,
    json: JSON.stringify(doc.batch),
    restricted,
    sealed,
    kept,
    sealedFields: sealed.map((f) => sealedFieldName(f.path)),
    from: Math.floor(Date.parse(batch.receivedAt) / 1000),
  };
  batchParts.set(batch, part);
  return part;
}

/**
 * The document's copy of an event: every key but its top-level Restricted values, in the event's order (what a
 * spread copy and deleting those keys would give). `__proto__` is a key like any other (JSON.parse makes it one).
 */
function eventCopy(source: Readonly<Record<string, unknown>>, fields: readonly ClassifiedField[]): Record<string, unknown> {
  let left: string[] | undefined;
  for (const field of fields) if (field.classification === 'Restricted' && !field.path.includes('.')) (left ??= []).push(field.path);
  if (!left) return { ...source };
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (left.includes(key)) continue;
    if (key === '__proto__') Object.defineProperty(copy, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = source[key];
  }
  return copy;
}

/** A sealed path as the encryption context names it: keys that do not look like field names as `<key>`. */
function sealedFieldName(path: string): string {
  return path.split('.').map(safeKey).join('.');
}

/**
 * Makes every container on the way to `path` (not the value itself) the document's own: a shallow copy,
 * once per container, so that setting the value changes nothing the event or its batch still holds.
 */
function ownPath(doc: TelemetryDoc, path: string, owned: WeakSet<object>): void {
  let [at, parts] = rootOf(doc, path);
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || next === null) return;
    let mine = next as Record<string, unknown>;
    if (!owned.has(mine)) {
      mine = (Array.isArray(next) ? next.slice() : { ...next }) as Record<string, unknown>;
      owned.add(mine);
      at[part] = mine;
    }
    at = mine;
  }
}

/** The strip-index hash key of a time (epoch seconds). */
export const stripDayOf = DAY;

function batchDetail(batch: BatchContext): Record<string, unknown> {
  return {
    schemaVersion: batch.schemaVersion,
    batchId: batch.batchId,
    app: batch.app,
    ...(batch.device === undefined ? {} : { device: batch.device }),
    sentAt: batch.sentAt,
    release: batch.release,
    environment: batch.environment,
  };
}

/**
 * A time already written as toISOString writes it, with a day no month lacks and an hour before 24: what
 * Date.parse and toISOString give back unchanged (a day past the month's end or 24:00 would roll over; a
 * month, minute or second out of range does not parse, and the value is kept as it is). Measured reason:
 * parsing and writing each event's time again was an eighth of the split (bench/telemetryStorage.ts).
 */
const CANONICAL_TIME = /^\d{4}-\d{2}-(?:[01]\d|2[0-8])T(?:[01]\d|2[0-3]):\d{2}:\d{2}\.\d{3}Z$/;

function normaliseTime(value: unknown): string {
  if (typeof value === 'string' && CANONICAL_TIME.test(value)) return value;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}
