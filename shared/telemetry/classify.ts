import {
  BATCH_FIELDS,
  type DataClass,
  DATA_CLASSES,
  DEFAULT_RETENTION_DAYS,
  definitionFields,
  EVENT_FIELDS,
  type EventDefinition,
  type FieldLocation,
  type FieldSpec,
  type TelemetrySchemaVersion,
} from '../../events/telemetry';

/** One value of an accepted event, with the data class and retention the spec gives it. */
export interface ClassifiedField {
  /** Dotted path from the batch (location batch) or from the event: `app.version`, `properties.screen`, `exception.values.0.value`. */
  readonly path: string;
  readonly location: FieldLocation;
  readonly classification: DataClass;
  readonly retentionDays: number;
  /** Not in the spec (accepted because the stage marks instead of rejecting): classified Restricted. */
  readonly unplanned?: true;
}

/** What is not in the spec is treated as the most sensitive class: nobody has said what it holds. */
const UNPLANNED = { classification: 'Restricted', retentionDays: DEFAULT_RETENTION_DAYS.Restricted } as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const stricter = (a: DataClass, b: DataClass): DataClass => (DATA_CLASSES.indexOf(a) >= DATA_CLASSES.indexOf(b) ? a : b);

const SKIP_EVENTS: ReadonlySet<string> = new Set(['events']);
const SKIP_PROPERTIES: ReadonlySet<string> = new Set(['properties']);
const NONE: ReadonlySet<string> = new Set();
const NO_FIELDS: Readonly<Record<string, FieldSpec>> = {};

/**
 * Every value of a batch's own fields (app, device, release...), classified. A leaf is a scalar, an
 * array of scalars, or a free-form object (which is one value of its class).
 */
export function classifyBatchFields(batch: Record<string, unknown>, schemaVersion: TelemetrySchemaVersion): ClassifiedField[] {
  const out: ClassifiedField[] = [];
  walkFields(BATCH_FIELDS[schemaVersion], batch, '', 'batch', out, SKIP_EVENTS);
  return out;
}

/**
 * Every value of one event, classified: by its definition, or, for an unplanned event (accepted and
 * marked), by the envelope, with everything else Restricted.
 */
export function classifyEvent(
  event: Record<string, unknown>,
  definition: EventDefinition | undefined,
  schemaVersion: TelemetrySchemaVersion,
): ClassifiedField[] {
  const out: ClassifiedField[] = [];
  const fields = definition ? definitionFields(definition, schemaVersion) : undefined;
  walkFields(fields?.event ?? EVENT_FIELDS[schemaVersion], event, '', 'event', out, SKIP_PROPERTIES);
  const properties = event.properties;
  if (isObject(properties)) walkFields(fields?.properties ?? NO_FIELDS, properties, 'properties.', 'properties', out);
  return out;
}

function walkFields(
  fields: Readonly<Record<string, FieldSpec>>,
  value: Record<string, unknown>,
  prefix: string,
  location: FieldLocation,
  out: ClassifiedField[],
  skip: ReadonlySet<string> = NONE,
): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key) || skip.has(key)) continue;
    walk(ownSpec(fields, key), value[key], `${prefix}${key}`, location, out);
  }
}

/** A field's spec by key; never an inherited property (`constructor` is a key like any other). */
function ownSpec(fields: Readonly<Record<string, FieldSpec>>, key: string): FieldSpec | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/** What a key beyond an open object's fields is: the object's class, as a leaf. Made once per spec. */
const extraSpecs = new WeakMap<FieldSpec, FieldSpec>();
function extraSpec(spec: FieldSpec): FieldSpec {
  let extra = extraSpecs.get(spec);
  if (!extra) extraSpecs.set(spec, (extra = { ...spec, fields: undefined }));
  return extra;
}

/** The leaf class of a spec (an array of scalars: the stricter of the array's and its items'), made once per spec. */
const leaves = new WeakMap<FieldSpec, Pick<ClassifiedField, 'classification' | 'retentionDays'>>();
function leafOf(spec: FieldSpec): Pick<ClassifiedField, 'classification' | 'retentionDays'> {
  let leaf = leaves.get(spec);
  if (!leaf) {
    const items = spec.items;
    leaf = {
      classification: items ? stricter(spec.classification, items.classification) : spec.classification,
      retentionDays: items ? Math.min(spec.retentionDays, items.retentionDays) : spec.retentionDays,
    };
    leaves.set(spec, leaf);
  }
  return leaf;
}

function walk(spec: FieldSpec | undefined, value: unknown, path: string, location: FieldLocation, out: ClassifiedField[]): void {
  if (value === undefined || value === null) return;
  if (!spec) {
    out.push({ path, location, ...UNPLANNED, unplanned: true });
    return;
  }
  const fields = spec.fields;
  if (fields && isObject(value)) {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const childSpec = ownSpec(fields, key) ?? (spec.additionalProperties ? extraSpec(spec) : undefined);
      walk(childSpec, value[key], `${path}.${key}`, location, out);
    }
    return;
  }
  const items = spec.items;
  if (items && Array.isArray(value) && (items.fields || items.items)) {
    for (let index = 0; index < value.length; index += 1) walk(items, value[index], `${path}.${index}`, location, out);
    return;
  }
  const { classification, retentionDays } = leafOf(spec);
  out.push({ path, location, classification, retentionDays });
}
