import { RuleSet } from '../eventPattern';
import type { CloudTrailEnvelope, Detection, TriggerPattern } from '../detections';

/**
 * The sensitive operations: the calls the detection catalogue watches, derived from the registry's
 * triggers rather than kept as a second list. A detection whose trigger names CloudTrail eventNames
 * watches those operations; its trigger is relaxed to who-and-what (envelope `source`,
 * `detail.eventSource`, `detail.eventName`, prefixes included), dropping the conditions that only
 * narrow when it fires (`userIdentity.type: Root`, `responseElements.ConsoleLogin: Success`,
 * `additionalEventData.MFAUsed`...): the audit trail records every such call, the harmless ones too,
 * failed or not. Triggers that name no eventName (Root usage, denied calls, offensive user agents)
 * watch a property of any call, not an operation, and add nothing here. Of what remains, only writes
 * are recorded (readOnly false; where CloudTrail leaves readOnly out, a name that does not read):
 * GetPasswordData or DescribeInstanceAttribute are watched for bursts, but reading is not changing.
 *
 * So a new detection extends the audit trail by its trigger alone, and the audit trail can never
 * disagree with the catalogue about what is sensitive.
 */

/** Read verbs, for records without a readOnly flag. */
const READ_NAME = /^(Get|List|Describe|Head|Lookup|Search|Scan|Query|BatchGet|Check|Test|Validate|Preview|Simulate|Estimate)/;

/** Whether a call changes something: CloudTrail's readOnly when present, else its name. */
export function isWrite(record: { readOnly?: boolean | undefined; eventName: string }): boolean {
  if (record.readOnly !== undefined) return !record.readOnly;
  return !READ_NAME.test(record.eventName);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The trigger reduced to the operations it names, or undefined when it names none. */
export function operationPattern(trigger: TriggerPattern): TriggerPattern | undefined {
  const detail = trigger.detail;
  if (!isObject(detail) || !Array.isArray(detail.eventName) || detail.eventName.length === 0) return undefined;
  const reduced: Record<string, unknown> = { eventName: detail.eventName };
  if (Array.isArray(detail.eventSource)) reduced.eventSource = detail.eventSource;
  return { ...(Array.isArray(trigger.source) ? { source: trigger.source } : {}), detail: reduced };
}

/** One watched operation, as the registry names it, with the detections that watch it. */
export interface WatchedOperation {
  eventSources: readonly string[];
  /** An exact name, or `{ prefix }` (versioned Lambda API names such as AddPermission20150331v2). */
  eventName: string | { prefix: string };
  detections: readonly string[];
}

export class SensitiveOperations {
  private readonly rules: RuleSet<string>;
  private readonly watched: WatchedOperation[];

  constructor(detections: readonly Detection[]) {
    const rules: Array<{ pattern: TriggerPattern; value: string }> = [];
    const byName = new Map<string, { eventSources: Set<string>; eventName: WatchedOperation['eventName']; detections: Set<string> }>();
    for (const detection of detections) {
      const pattern = operationPattern(detection.trigger);
      if (!pattern) continue;
      rules.push({ pattern, value: detection.definition.id });
      const detail = pattern.detail as Record<string, unknown>;
      const sources = ((detail.eventSource as unknown[] | undefined) ?? []).filter((s): s is string => typeof s === 'string');
      for (const name of detail.eventName as unknown[]) {
        const eventName =
          typeof name === 'string' ? name : isObject(name) && typeof name.prefix === 'string' ? { prefix: name.prefix } : undefined;
        if (eventName === undefined) continue;
        const key = typeof eventName === 'string' ? eventName : `${eventName.prefix}*`;
        const entry = byName.get(key) ?? { eventSources: new Set<string>(), eventName, detections: new Set<string>() };
        for (const s of sources) entry.eventSources.add(s);
        entry.detections.add(detection.definition.id);
        byName.set(key, entry);
      }
    }
    this.rules = new RuleSet(rules);
    this.watched = [...byName.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, e]) => ({ eventSources: [...e.eventSources].sort(), eventName: e.eventName, detections: [...e.detections].sort() }));
  }

  /** The detections that watch this call (empty: not a watched operation). */
  watchers(event: CloudTrailEnvelope): string[] {
    return this.rules.match(event);
  }

  /** Whether the event is a sensitive operation: a watched call that writes. */
  isSensitive(event: CloudTrailEnvelope): boolean {
    return isWrite(event.detail) && this.rules.match(event).length > 0;
  }

  /** Every watched operation name, for documentation and tests (reads included; isSensitive drops them). */
  operations(): readonly WatchedOperation[] {
    return this.watched;
  }
}
