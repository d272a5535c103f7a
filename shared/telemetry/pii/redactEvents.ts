import { safeKey } from '../../ingest';
import type { ClassifiedField } from '../classify';
import type { BatchContext, ClassifiedTelemetryEvent } from '../TelemetryIngest';
import type { PiiKind } from './kinds';
import { redactText } from './scanText';

/** A field where the guard found (and redacted) personal data: its path and the kinds, never the value. */
export interface Redaction {
  readonly location: 'batch' | 'event';
  /**
   * The field, as the spec names it: array indexes as `[]` (`exception.values[].value`), keys that do not
   * look like field names as `<key>` (a key may itself be personal data).
   */
  readonly field: string;
  readonly kinds: readonly PiiKind[];
}

/** An accepted event after the guard: its values redacted, and where. */
export type GuardedTelemetryEvent = ClassifiedTelemetryEvent & { readonly redactions: readonly Redaction[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The batch fields the guard reads: those a BatchContext keeps from the batch. */
const BATCH_KEYS = ['batchId', 'app', 'device', 'sentAt', 'release', 'environment'] as const;

/**
 * The PII guard on the accepted events of a batch: every string in a field not classified Restricted
 * (exception values and messages, frame fields, free-form objects included, at any depth) is scanned
 * for personal data (scanText.ts), and what is found is replaced by a marker naming its kind before
 * the events are stored or emitted. Restricted values are left alone: they are encrypted at rest.
 * A value the classification does not cover is treated as Restricted, as classify.ts treats it.
 * The batch's own fields are redacted once per batch; their redactions are listed on each event.
 * Objects are copied only along the paths that change.
 */
export function redactPersonalData(events: readonly ClassifiedTelemetryEvent[]): GuardedTelemetryEvent[] {
  const batches = new Map<BatchContext, { batch: BatchContext; redactions: Redaction[] }>();
  return events.map((e) => {
    let guardedBatch = batches.get(e.batch);
    if (!guardedBatch) {
      guardedBatch = redactBatch(e.batch);
      batches.set(e.batch, guardedBatch);
    }
    const redactions: Redaction[] = [...guardedBatch.redactions];
    const event = redactTree(e.event, '', classesOf(e.fields), 'event', redactions) as Record<string, unknown>;
    return { ...e, batch: guardedBatch.batch, event, redactions };
  });
}

function redactBatch(batch: BatchContext): { batch: BatchContext; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  const classes = classesOf(batch.fields);
  const changed: Record<string, unknown> = {};
  for (const key of BATCH_KEYS) {
    const value = batch[key];
    if (value === undefined) continue;
    const redacted = redactTree(value, key, classes, 'batch', redactions);
    if (redacted !== value) changed[key] = redacted;
  }
  return { batch: Object.keys(changed).length > 0 ? ({ ...batch, ...changed } as BatchContext) : batch, redactions };
}

function classesOf(fields: readonly ClassifiedField[]): Map<string, boolean> {
  return new Map(fields.map((f) => [f.path, f.classification === 'Restricted']));
}

/** The value with personal data redacted below `path` (classify.ts's dotted paths); the same object when nothing changed. */
function redactTree(
  value: unknown,
  path: string,
  restricted: Map<string, boolean>,
  location: Redaction['location'],
  out: Redaction[],
): unknown {
  const isRestricted = restricted.get(path);
  if (isRestricted === true) return value;
  if (isRestricted === false) return scanAll(value, path, location, out);
  return mapChildren(
    value,
    path,
    (child, childPath) => redactTree(child, childPath, restricted, location, out),
    () => value,
  );
}

/** Every string under a classified, unrestricted value (a free-form object is one value of its class). */
function scanAll(value: unknown, path: string, location: Redaction['location'], out: Redaction[]): unknown {
  if (typeof value === 'string') {
    const redacted = redactText(value);
    if (!redacted) return value;
    out.push({ location, field: fieldName(path), kinds: redacted.kinds });
    return redacted.text;
  }
  return mapChildren(
    value,
    path,
    (child, childPath) => scanAll(child, childPath, location, out),
    () => value,
  );
}

/** Applies `fn` to each child of an object or array (paths `a.b`, `a.0`), copying the container only if a child changed. */
function mapChildren(value: unknown, path: string, fn: (child: unknown, childPath: string) => unknown, leaf: () => unknown): unknown {
  const join = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((child, i) => {
      const next = fn(child, join(i));
      if (next !== child) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  if (isObject(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(value)) {
      const next = fn(child, join(key));
      if (next !== child) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
  return leaf();
}

/** `exception.values.0.stacktrace.frames.3.function` → `exception.values[].stacktrace.frames[].function`. */
function fieldName(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? '[]' : safeKey(part)))
    .join('.')
    .replace(/\.\[\]/g, '[]');
}
