import type { AppTelemetryEnvelope } from '../../events/schemas/appTelemetry';
import {
  type AppEventKind,
  type BatchCheck,
  checkBatch,
  DEFAULT_ENVIRONMENT,
  type EventCheck,
  type EventDefinition,
  type Path,
  type TelemetrySchemaVersion,
  type Violation,
  VIOLATION_CLASSES,
  type ViolationClass,
} from '../../events/telemetry';
import { type IngestContext, safeKey } from '../ingest';
import { type ClassifiedField, classifyBatchFields, classifyEvent } from './classify';
import { type GuardedTelemetryEvent, redactPersonalData } from './pii/redactEvents';

/** What a stage does with an event that breaks the spec (the envelope and `enforce: always` fields are refused in every stage). */
export const VIOLATION_ACTIONS = ['reject', 'mark'] as const;
export type ViolationAction = (typeof VIOLATION_ACTIONS)[number];

/** How an item of a batch is labelled in the quarantine (its detailType; `item` holds the event's id). */
export const TELEMETRY_EVENT_LABEL = 'App Telemetry Event';

/** The batch an accepted event came in, as the later steps need it (release and environment resolved). */
export interface BatchContext {
  /** The EventBridge envelope's id. */
  readonly envelopeId: string;
  /** The envelope's time: when the bus received the batch. */
  readonly receivedAt: string;
  readonly schemaVersion: TelemetrySchemaVersion;
  readonly batchId: string;
  readonly app: { id: string; platform: string; version: string; build: string };
  readonly device?: Record<string, unknown>;
  readonly sentAt: string;
  readonly release: string;
  readonly environment: string;
  /** The batch's own fields, classified. */
  readonly fields: readonly ClassifiedField[];
}

/** An event that passed (or, in a marking stage, was let through), classified: what storage and analysis receive. */
export interface ClassifiedTelemetryEvent {
  readonly batch: BatchContext;
  readonly eventId: string;
  readonly name: string;
  readonly kind: AppEventKind;
  /** The definition followed; undefined for an unplanned event a marking stage let through. */
  readonly definition?: Pick<EventDefinition, 'name' | 'version' | 'kind'>;
  /** The event as received (after validation, nothing dropped). */
  readonly event: Readonly<Record<string, unknown>>;
  /** Every value of the event with its class and retention. */
  readonly fields: readonly ClassifiedField[];
  /** What the spec would have refused, when the stage marks instead (empty: the event follows the spec). */
  readonly unexpected: readonly Violation[];
}

/** Where a batch's counts go: per app, platform and release. */
export interface CounterKey {
  readonly app: string;
  readonly platform: string;
  readonly release: string;
}

export interface BatchOutcome {
  readonly envelopeId: string;
  readonly receivedAt: string;
  readonly key: CounterKey;
  /** The batch fields broke the envelope: every event is quarantined with the batch. */
  readonly batchQuarantined: boolean;
  readonly events: number;
  /** Personal data in fields not classified Restricted already redacted (the PII guard, ./pii). */
  readonly accepted: readonly GuardedTelemetryEvent[];
  readonly quarantined: number;
  /** Accepted events carrying violations (a marking stage). */
  readonly unexpected: number;
  readonly violations: Readonly<Record<ViolationClass, number>>;
  readonly quarantineIds: readonly string[];
}

export interface TelemetryIngestOptions {
  /** The component name, the quarantine (sealed) and the counter (shared/ingest). */
  ingest: IngestContext;
  action: ViolationAction;
}

/** Violations listed in a quarantine reason; the rest are counted. */
const MAX_REASONS = 10;
const UNKNOWN = 'unknown';

/**
 * The telemetry spec check of the app-telemetry function. For each batch:
 *   - batch fields that break the envelope: the batch is quarantined whole (sealed), its events counted as quarantined;
 *   - an event that breaks the envelope (no id, name, kind, time or session; a nested property): it is quarantined;
 *   - an event that breaks the spec (unplanned event or property, missing, mistyped or disallowed value):
 *     quarantined in a rejecting stage; accepted in a marking one, with its violations as `unexpected`
 *     (unplanned values classified Restricted), except where the spec says `enforce: always`;
 *   - the others are classified and handed on.
 * Reasons name paths and rules, never values; keys that do not look like field names show as <key>.
 */
export class TelemetryIngest {
  constructor(private readonly options: TelemetryIngestOptions) {}

  async handle(envelope: AppTelemetryEnvelope, raw: string): Promise<BatchOutcome> {
    const { ingest, action } = this.options;
    const check = checkBatch(envelope.detail);
    const detail = (envelope.detail ?? {}) as Record<string, unknown>;
    const key = counterKey(detail, check);
    const violations = noViolations();
    const countViolations = (list: readonly Violation[]) => {
      for (const v of list) violations[v.class] += 1;
    };
    const base = { envelopeId: envelope.id, receivedAt: envelope.time, key, events: check.events.length };
    ingest.counter.count('TelemetryBatches');

    if (check.batchViolations.length > 0) {
      const all = [...check.batchViolations, ...check.events.flatMap((e) => e.violations)];
      countViolations(all);
      const quarantineId = await ingest.quarantine.put({
        component: ingest.component,
        reason: describeViolations(all),
        payload: raw,
        source: envelope.source,
        detailType: envelope['detail-type'],
        eventId: envelope.id,
      });
      ingest.counter.count('TelemetryBatchesQuarantined');
      ingest.counter.count('TelemetryEventsQuarantined', check.events.length);
      return {
        ...base,
        batchQuarantined: true,
        accepted: [],
        quarantined: check.events.length,
        unexpected: 0,
        violations,
        quarantineIds: [quarantineId],
      };
    }

    const batch = batchContext(envelope, detail, check.schemaVersion);
    const checked: ClassifiedTelemetryEvent[] = [];
    const quarantineIds: string[] = [];
    for (const eventCheck of check.events) {
      countViolations(eventCheck.violations);
      const refused = eventCheck.violations.some((v) => v.enforced) || (action === 'reject' && eventCheck.violations.length > 0);
      if (refused) {
        quarantineIds.push(await this.quarantineEvent(envelope, detail, eventCheck));
        continue;
      }
      checked.push(classified(batch, eventCheck));
    }
    // The PII guard: nothing leaves ingest with personal data in a field not classified Restricted.
    const accepted = redactPersonalData(checked);
    const unexpected = accepted.filter((e) => e.unexpected.length > 0).length;
    ingest.counter.count('TelemetryEventsAccepted', accepted.length);
    ingest.counter.count('TelemetryEventsQuarantined', quarantineIds.length);
    ingest.counter.count('TelemetryEventsUnexpected', unexpected);
    const outcome: BatchOutcome = {
      envelopeId: base.envelopeId,
      receivedAt: base.receivedAt,
      key: base.key,
      events: base.events,
      batchQuarantined: false,
      accepted,
      quarantined: quarantineIds.length,
      unexpected,
      violations,
      quarantineIds,
    };
    return outcome;
  }

  /** One event, sealed with its batch's fields (what it needs to be read again), under the batch's envelope id. */
  private quarantineEvent(envelope: AppTelemetryEnvelope, detail: Record<string, unknown>, check: EventCheck): Promise<string> {
    const { ingest } = this.options;
    const { events: _events, ...batchFields } = detail;
    return ingest.quarantine.put({
      component: ingest.component,
      reason: describeViolations(check.violations),
      payload: JSON.stringify({ envelopeId: envelope.id, batch: batchFields, index: check.index, event: check.event }),
      source: envelope.source,
      detailType: TELEMETRY_EVENT_LABEL,
      eventId: envelope.id,
      item: check.eventId ?? `#${check.index}`,
    });
  }
}

/** A zero count per violation class. */
function noViolations(): Record<ViolationClass, number> {
  const counts = {} as Record<ViolationClass, number>;
  for (const c of VIOLATION_CLASSES) counts[c] = 0;
  return counts;
}

function classified(batch: BatchContext, check: EventCheck): ClassifiedTelemetryEvent {
  const event = check.event as Record<string, unknown>;
  const { definition } = check;
  return {
    batch,
    eventId: event.eventId as string,
    name: event.name as string,
    kind: event.kind as AppEventKind,
    definition: definition && { name: definition.name, version: definition.version, kind: definition.kind },
    event,
    fields: classifyEvent(event, definition, batch.schemaVersion),
    unexpected: check.violations,
  };
}

function batchContext(
  envelope: AppTelemetryEnvelope,
  detail: Record<string, unknown>,
  schemaVersion: TelemetrySchemaVersion,
): BatchContext {
  const app = detail.app as BatchContext['app'];
  return {
    envelopeId: envelope.id,
    receivedAt: envelope.time,
    schemaVersion,
    batchId: detail.batchId as string,
    app,
    device: detail.device as Record<string, unknown> | undefined,
    sentAt: detail.sentAt as string,
    release: resolveRelease(detail),
    environment: (detail.environment as string | undefined) ?? DEFAULT_ENVIRONMENT,
    fields: classifyBatchFields(detail, schemaVersion),
  };
}

/** The batch's release: as sent, else `<app id>@<version>+<build>` (Sentry's form). */
export function resolveRelease(detail: Record<string, unknown>): string {
  if (typeof detail.release === 'string') return detail.release;
  const app = (detail.app ?? {}) as Record<string, unknown>;
  return `${app.id}@${app.version}+${app.build}`;
}

/** The counter key of a batch; parts that did not pass the envelope are "unknown" (they are input, not names). */
function counterKey(detail: Record<string, unknown>, check: BatchCheck): CounterKey {
  // A violation at `path` itself or under it.
  const bad = (...path: string[]) => check.batchViolations.some((v) => path.every((p, i) => v.path[i] === p));
  const whole = (name: string) => check.batchViolations.some((v) => v.path.length === 1 && v.path[0] === name);
  const app = (detail.app ?? {}) as Record<string, unknown>;
  const known = (name: string) => (whole('app') || bad('app', name) || typeof app[name] !== 'string' ? UNKNOWN : (app[name] as string));
  const releaseKnown =
    typeof detail.release === 'string'
      ? !bad('release')
      : known('id') !== UNKNOWN && known('version') !== UNKNOWN && known('build') !== UNKNOWN;
  return { app: known('id'), platform: known('platform'), release: releaseKnown ? resolveRelease(detail) : UNKNOWN };
}

/** Violations as one line: `detail.<path>: <class>: <rule>`, at most MAX_REASONS, never a value. */
export function describeViolations(violations: readonly Violation[]): string {
  const shown = violations.slice(0, MAX_REASONS).map((v) => `${describePath(v.path)}: ${v.class}: ${v.message}`);
  const more = violations.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

function describePath(path: Path): string {
  return ['detail', ...path.map(safeKey)].join('.');
}
