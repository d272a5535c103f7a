import { safeKey } from '../../ingest';
import type { ClassifiedField } from '../classify';
import { isIpField, retentionPlan, truncateIp } from '../privacy';
import type { ClassifiedTelemetryEvent } from '../TelemetryIngest';
import { docPath, ITEM_VERSION, rootOf, setValueAt, type TelemetryDoc, type TelemetryItem, valueAt } from './item';

/** An event split for storage: the item's plaintext part, and the Restricted values to seal into it. */
export interface SplitEvent {
  item: TelemetryItem;
  /** The Restricted values by document path (empty: nothing to seal). */
  restricted: Record<string, unknown>;
}

/** Batch fields the document keeps (events are stored one by one; `events` is not one of them). */
const DAY = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

/**
 * Splits a classified event: every Restricted value (by the spec's classification, unplanned values
 * included) comes out of the document into `restricted`; IP addresses left in plaintext are
 * truncated; the user id is replaced by its pseudonym; retention is planned per class.
 */
export function splitEvent(event: ClassifiedTelemetryEvent, userPseudonym: string | undefined): SplitEvent {
  const { batch } = event;
  const { events: _events, ...batchFields } = batchDetail(event);
  // Copy on write: the document shares the event's values and copies only the containers on a path it changes
  // (a deep clone of every event was 23% of the storage path; the event itself must stay as received).
  const doc: TelemetryDoc = { event: { ...event.event }, batch: batchFields };
  const owned = new WeakSet<object>([doc.event, doc.batch]);
  const change = (path: string, value: unknown) => {
    ownPath(doc, path, owned);
    setValueAt(doc, path, value);
  };
  const fields = [...batch.fields.map((f) => ({ ...f, path: docPath('batch', f.path) })), ...event.fields];
  const restricted: Record<string, unknown> = {};
  const sealed: ClassifiedField[] = [];
  const kept: ClassifiedField[] = [];
  for (const field of fields) {
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
  const from = Math.floor(Date.parse(batch.receivedAt) / 1000);
  const plan = retentionPlan(kept, sealed, from);
  const nextStripAt = Math.min(plan.restrictedUntil ?? Number.POSITIVE_INFINITY, plan.strips[0]?.at ?? Number.POSITIVE_INFINITY);
  const sessionId = typeof doc.event.sessionId === 'string' ? doc.event.sessionId : undefined;
  const item: TelemetryItem = {
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
    ...(sessionId === undefined ? {} : { sessionId }),
    ...(userPseudonym === undefined ? {} : { userPseudonym }),
    doc: JSON.stringify(doc),
    ...(sealed.length === 0 ? {} : { sealedFields: sealed.map((f) => f.path.split('.').map(safeKey).join('.')).sort() }),
    ...(event.unexpected.length === 0 ? {} : { unexpected: event.unexpected.length }),
    ...(plan.restrictedUntil === undefined ? {} : { restrictedUntil: plan.restrictedUntil }),
    ...(plan.strips.length === 0 ? {} : { strips: JSON.stringify(plan.strips) }),
    ...(Number.isFinite(nextStripAt) ? { nextStripAt, stripDay: DAY(nextStripAt) } : {}),
    expiresAt: plan.expiresAt,
    rev: 1,
  };
  return { item, restricted };
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

function batchDetail(event: ClassifiedTelemetryEvent): Record<string, unknown> {
  const { batch } = event;
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

function normaliseTime(value: unknown): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}
