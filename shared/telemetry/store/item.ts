import type { AppEventKind } from '../../../events/telemetry';
import { TelemetryItemCorruptError } from './errors';

/*
 * One telemetry event as the TelemetryEvents table holds it (infra/resources/tables.yml). Everything in
 * plaintext is Public, Internal or Confidential; every Restricted value of the event (the user id, free
 * text, anything unplanned) is in `sealed`, one AES-256-GCM ciphertext (shared/crypto FieldEncryptor:
 * versioned header naming the KMS key, the data key encrypted under it), its context the table, the event
 * id, `sealedFields` and ITEM_VERSION. The user is there only as a keyed pseudonym.
 */

/** The item format; also the schema version of the sealed values' encryption context. */
export const ITEM_VERSION = 1;

export interface TelemetryItem {
  /** The event's id (client-generated, a UUID): the key, and what makes a redelivered batch write nothing new. */
  eventId: string;
  v: number;
  /** Set on a record erased (`vigil erase`): nothing else is kept but its key and TTL, so a redelivery stays erased. */
  erased?: true;
  batchId?: string;
  envelopeId?: string;
  appId?: string;
  name?: string;
  kind?: AppEventKind;
  /** Event time (client clock), normalised to ISO 8601 UTC with milliseconds: the indexes' sort key. */
  timestamp?: string;
  /** When the bus received the batch: retention counts from here. */
  receivedAt?: string;
  release?: string;
  environment?: string;
  platform?: string;
  sessionId?: string;
  /** `user:<hex>`, KMS GenerateMac of the user id: the user-index key (erasure, users affected). */
  userPseudonym?: string;
  /** JSON of the plaintext document: `{ event, batch }` with the Restricted values taken out. */
  doc?: string;
  /** The Restricted values, sealed: JSON `{ "<path>": value }`. */
  sealed?: Uint8Array;
  /** The sealed values' paths, as the context names them (keys that do not look like field names shown as <key>). */
  sealedFields?: string[];
  /** Violations a marking stage let through. */
  unexpected?: number;
  /** When the sealed values and the pseudonym go (epoch seconds). */
  restrictedUntil?: number;
  /** JSON of the remaining RetentionStrip[]. */
  strips?: string;
  /** The next retention step (epoch seconds) and its day (YYYY-MM-DD): the strip-index keys; absent when none is left. */
  nextStripAt?: number;
  stripDay?: string;
  /** TTL (epoch seconds). */
  expiresAt: number;
  /** Bumped by every rewrite (retention, erasure): rewrites are conditional on it. */
  rev: number;
}

/** The plaintext document of an item. */
export interface TelemetryDoc {
  event: Record<string, unknown>;
  batch: Record<string, unknown>;
}

export function parseDoc(item: TelemetryItem): TelemetryDoc {
  if (item.v !== ITEM_VERSION) throw new TelemetryItemCorruptError(`telemetry item ${item.eventId} has format version ${item.v}`);
  try {
    const doc = JSON.parse(item.doc ?? '{}') as Partial<TelemetryDoc>;
    return { event: doc.event ?? {}, batch: doc.batch ?? {} };
  } catch (cause) {
    throw new TelemetryItemCorruptError(`telemetry item ${item.eventId} has an unreadable document`, { cause });
  }
}

/** A value's place in the document: `batch.<path>` for the batch's fields, the event's own path otherwise. */
export function docPath(location: 'batch' | 'event' | 'properties', path: string): string {
  return location === 'batch' ? `batch.${path}` : path;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** The value at a dotted path of a document (the event's paths are relative to `event`). */
export function valueAt(doc: TelemetryDoc, path: string): unknown {
  const [root, parts] = rootOf(doc, path);
  let at: unknown = root;
  for (const part of parts) {
    if (!isContainer(at)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Sets (or, with undefined, removes) the value at a dotted path; an array item removed becomes null, so later indexes hold. */
export function setValueAt(doc: TelemetryDoc, path: string, value: unknown): void {
  const [root, parts] = rootOf(doc, path);
  let at: unknown = root;
  for (const part of parts.slice(0, -1)) {
    if (!isContainer(at)) return;
    let next = (at as Record<string, unknown>)[part];
    if (next === undefined && value !== undefined) {
      next = {};
      (at as Record<string, unknown>)[part] = next;
    }
    at = next;
  }
  if (!isContainer(at)) return;
  const last = parts[parts.length - 1]!;
  if (Array.isArray(at)) at[Number(last)] = value === undefined ? null : value;
  else if (value === undefined) delete at[last];
  else at[last] = value;
}

/** The part of the document a dotted path starts in, and the path's steps within it. */
export function rootOf(doc: TelemetryDoc, path: string): [Record<string, unknown>, string[]] {
  const parts = path.split('.');
  if (parts[0] === 'batch') return [doc.batch, parts.slice(1)];
  return [doc.event, parts];
}
