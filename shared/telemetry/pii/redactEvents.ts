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
 *
 * Measured reason for the shape of the walk: looking each value's path up in the classification cost
 * more than the scan itself (bench/piiGuard.ts), so every string is scanned first, and only a string
 * holding personal data has its path built and its class looked up.
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
    const event = redactTree(e.event, new Walk(e.fields, 'event', redactions)) as Record<string, unknown>;
    return { ...e, batch: guardedBatch.batch, event, redactions };
  });
}

function redactBatch(batch: BatchContext): { batch: BatchContext; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  const walk = new Walk(batch.fields, 'batch', redactions);
  const changed: Record<string, unknown> = {};
  for (const key of BATCH_KEYS) {
    const value = batch[key];
    if (value === undefined) continue;
    walk.path.push(key);
    const redacted = redactTree(value, walk);
    walk.path.pop();
    if (redacted !== value) changed[key] = redacted;
  }
  return { batch: Object.keys(changed).length > 0 ? ({ ...batch, ...changed } as BatchContext) : batch, redactions };
}

/** One walk over an event or a batch: where it is, and the classification, looked up only when needed. */
class Walk {
  readonly path: (string | number)[] = [];
  private restricted?: Map<string, boolean>;
  private lookups = 0;

  constructor(
    private readonly fields: readonly ClassifiedField[],
    readonly location: Redaction['location'],
    readonly out: Redaction[],
  ) {}

  /** Whether the value here may be redacted: its own path, or the nearest classified one above it (a free-form object), is unrestricted. */
  unrestricted(): boolean {
    const paths = this.path.map((_, i) => this.path.slice(0, i + 1).join('.'));
    // The first lookup of a walk reads the fields once for these paths; a second indexes them all. Measured reason:
    // indexing every field of a crash (each frame's) for the one value found in its message was a fifth of the
    // guard on the captured batches (bench/piiGuard.ts), and most events have no such value, or one.
    if (this.lookups++ === 0) return nearestUnrestricted(this.fields, paths);
    this.restricted ??= new Map(this.fields.map((f) => [f.path, f.classification === 'Restricted']));
    for (let i = paths.length - 1; i >= 0; i -= 1) {
      const restricted = this.restricted.get(paths[i]!);
      if (restricted !== undefined) return !restricted;
    }
    return false;
  }
}

/**
 * What the index of fields by path answers, in one pass over them: the deepest of `paths` that is a field
 * decides, the last field of that path when there are several (as a Map built from them keeps the last).
 */
function nearestUnrestricted(fields: readonly ClassifiedField[], paths: readonly string[]): boolean {
  let depth = -1;
  let restricted = true;
  for (const field of fields) {
    const at = paths.lastIndexOf(field.path);
    if (at < 0 || at < depth) continue;
    depth = at;
    restricted = field.classification === 'Restricted';
  }
  return depth >= 0 && !restricted;
}

/** The value with personal data redacted in it; the same object when nothing changed. */
function redactTree(value: unknown, walk: Walk): unknown {
  if (typeof value === 'string') {
    const redacted = redactText(value);
    if (!redacted || !walk.unrestricted()) return value;
    walk.out.push({ location: walk.location, field: fieldName(walk.path), kinds: redacted.kinds });
    return redacted.text;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      walk.path.push(i);
      const next = redactTree(value[i], walk);
      walk.path.pop();
      if (next !== value[i]) (copy ??= [...value])[i] = next;
    }
    return copy ?? value;
  }
  if (isObject(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const child = value[key];
      walk.path.push(key);
      const next = redactTree(child, walk);
      walk.path.pop();
      if (next !== child) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
  return value;
}

/** `exception.values.0.stacktrace.frames.3.function` → `exception.values[].stacktrace.frames[].function`. */
function fieldName(path: readonly (string | number)[]): string {
  return path
    .map((part) => (typeof part === 'number' ? '[]' : safeKey(part)))
    .join('.')
    .replace(/\.\[\]/g, '[]');
}
