import { RuleSet } from '../eventPattern';
import type { Occurrence } from '../findings/occurrence';
import { compareSeverity, moreSevere, type Severity } from '../findings/severity';
import type { CloudTrailEnvelope } from './cloudTrailRecord';
import { runbookFor } from './definition';
import type { Detection, DetectionHit, StatefulDetection, StatelessDetection } from './detection';
import { DetectionRegistryError } from './errors';
import type { Observation } from './observation';
import { resolveParameters, type DetectionOverrides } from './overrides';

/** A detection with this stage's overrides applied. */
export interface ConfiguredDetection<D extends Detection = Detection> {
  readonly detection: D;
  readonly params: unknown;
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly dedupWindowMinutes: number;
}

/** An observation, with the detection (its state stream) it belongs to. */
export interface StreamObservation {
  readonly stream: string;
  readonly observation: Observation;
}

/**
 * Runs the detections over one event. Every detection's trigger is a rule (shared/eventPattern).
 * Triggers that name the CloudTrail `eventName` they read (most do) are grouped by that name, one
 * RuleSet per name, itself indexed on `source`; the few that look at any event (Root usage, denied
 * calls, user agents) form one more RuleSet. So an event costs a map lookup plus the patterns that
 * can accept it, whatever the number of detections, and an event no trigger matches runs no
 * detection code. The match is computed once per event object and reused by concerns, evaluate and
 * observe.
 */
export class DetectionEngine {
  private readonly byEventName = new Map<string, RuleSet<ConfiguredDetection>>();
  private readonly anyEvent: RuleSet<ConfiguredDetection>;
  private readonly order = new Map<ConfiguredDetection, number>();
  private readonly matched = new WeakMap<object, ConfiguredDetection[]>();
  private readonly byId = new Map<string, ConfiguredDetection>();
  private readonly kept = new Set<ConfiguredDetection>();

  constructor(detections: readonly Detection[], overrides: DetectionOverrides = {}) {
    for (const detection of detections) {
      const id = detection.definition.id;
      if (this.byId.has(id)) throw new DetectionRegistryError(`detection ${id} is registered twice`);
      const override = overrides[id] ?? {};
      this.byId.set(id, {
        detection,
        params: resolveParameters(detection, override.parameters),
        enabled: override.enabled !== false,
        severity: override.severity ?? detection.definition.severity,
        dedupWindowMinutes: override.dedupWindowMinutes ?? detection.definition.dedupWindowMinutes,
      });
    }
    // A sequence's first step is another detection's state: that state is kept while the sequence
    // is enabled, even when the detection itself is disabled (it then raises nothing of its own).
    const needed = this.kept;
    for (const configured of this.byId.values()) {
      if (!configured.enabled) continue;
      needed.add(configured);
      if (configured.detection.kind !== 'sequence') continue;
      for (const id of configured.detection.precededBy) {
        const first = this.byId.get(id);
        if (!first || (first.detection.kind !== 'window' && first.detection.kind !== 'distinct-count')) {
          const sequence = configured.detection.definition.id;
          throw new DetectionRegistryError(`${sequence} follows ${id}, which is not a registered window detection`);
        }
        needed.add(first);
      }
    }
    const byName = new Map<string, ConfiguredDetection[]>();
    const anyEvent: ConfiguredDetection[] = [];
    for (const configured of needed) {
      this.order.set(configured, this.order.size);
      const names = eventNamesOf(configured.detection.trigger);
      if (names === undefined) anyEvent.push(configured);
      else for (const name of names) byName.set(name, [...(byName.get(name) ?? []), configured]);
    }
    for (const [name, group] of byName) this.byEventName.set(name, ruleSetOf(group));
    this.anyEvent = ruleSetOf(anyEvent);
  }

  /** The kept detections whose trigger matches the event, in registry order (computed once per event object). */
  private match(event: CloudTrailEnvelope): ConfiguredDetection[] {
    const known = this.matched.get(event);
    if (known) return known;
    const name = (event.detail as { eventName?: unknown } | undefined)?.eventName;
    const named = typeof name === 'string' ? (this.byEventName.get(name)?.match(event) ?? []) : [];
    const any = this.anyEvent.match(event);
    const result = any.length === 0 ? named : [...named, ...any].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    this.matched.set(event, result);
    return result;
  }

  /** Ids of the enabled detections. */
  get detectionIds(): string[] {
    return [...this.byId.values()].filter((c) => c.enabled).map((c) => c.detection.definition.id);
  }

  configured(id: string): ConfiguredDetection | undefined {
    return this.byId.get(id);
  }

  /** The stateful detections whose state is kept (enabled, or the first step of an enabled sequence). */
  get stateful(): ConfiguredDetection<StatefulDetection>[] {
    return [...this.byId.values()].filter(
      (c): c is ConfiguredDetection<StatefulDetection> => c.detection.kind !== 'stateless' && this.kept.has(c),
    );
  }

  /** Whether any enabled stateless detection can fire on this event at all (its trigger matches). */
  mayFire(event: CloudTrailEnvelope): boolean {
    return this.match(event).some((c) => c.detection.kind === 'stateless');
  }

  /** The stateless detections' occurrences for one event. */
  evaluate(event: CloudTrailEnvelope): Occurrence[] {
    const occurrences: Occurrence[] = [];
    for (const configured of this.match(event)) {
      if (configured.detection.kind !== 'stateless') continue;
      const hit = (configured.detection as StatelessDetection).evaluate(event, configured.params);
      if (hit) occurrences.push(occurrenceOf(configured, hit, eventPlace(event)));
    }
    return occurrences;
  }

  /** The stateful detections' observations of one event (their pure observe step). */
  observe(event: CloudTrailEnvelope): StreamObservation[] {
    const observations: StreamObservation[] = [];
    for (const configured of this.match(event)) {
      const detection = configured.detection;
      if (detection.kind === 'stateless') continue;
      for (const observation of detection.observe(event, configured.params)) {
        observations.push({ stream: detection.definition.id, observation });
      }
    }
    return observations;
  }
}

function ruleSetOf(group: readonly ConfiguredDetection[]): RuleSet<ConfiguredDetection> {
  return new RuleSet(group.map((c) => ({ pattern: c.detection.trigger, value: c })));
}

/**
 * The eventName values a trigger demands, when it demands plain strings there and has no `$or` that
 * could lift the demand; undefined when it may match any event name.
 */
function eventNamesOf(trigger: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  if ('$or' in trigger) return undefined;
  const detail = trigger.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail) || '$or' in detail) return undefined;
  const names = (detail as Record<string, unknown>).eventName;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) return undefined;
  return names as string[];
}

/** Where an occurrence happened: its event id, time and origin. */
export interface OccurrencePlace {
  eventId: string;
  eventTime: Date;
  source: string;
  account: string;
  region: string;
}

function eventPlace(event: CloudTrailEnvelope): OccurrencePlace {
  const record = event.detail;
  return {
    eventId: event.id,
    eventTime: new Date(record.eventTime ?? event.time),
    source: event.source,
    account: record.recipientAccountId ?? event.account,
    region: record.awsRegion ?? event.region,
  };
}

/** One hit's occurrence, with the stage's severity, dedup window and the catalogue metadata. */
export function occurrenceOf(configured: ConfiguredDetection, hit: DetectionHit, place: OccurrencePlace): Occurrence {
  const definition = configured.detection.definition;
  return {
    detection: definition.id,
    severity: lower(raise(configured.severity, hit.severity), hit.lowerTo),
    title: definition.title,
    description: hit.description,
    subject: hit.subject,
    dedupKey: hit.dedupKey,
    windowMinutes: configured.dedupWindowMinutes,
    mitre: [...definition.mitre],
    runbook: runbookFor(definition.id),
    resources: hit.resources,
    evidence: hit.evidence,
    ...place,
  };
}

/** A detection may raise its severity above the configured one (a write by Root, say), never lower it. */
function raise(base: Severity, proposed: Severity | undefined): Severity {
  return proposed === undefined ? base : moreSevere(base, proposed);
}

/** A variant rated below the default (DetectionHit.lowerTo) is at most that severe. */
function lower(severity: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && compareSeverity(severity, cap) > 0 ? cap : severity;
}
