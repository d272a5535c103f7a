import type { EventBridgeEvent } from '../events/envelope';
import type { Occurrence } from '../findings/occurrence';
import { SEVERITIES, type Severity } from '../findings/types';
import { runbookFor } from './catalogue';
import type { CloudTrailRecordLike } from './cloudTrailRecord';
import type { CloudTrailDetection } from './detection';
import type { DetectionOverrides } from './overrides';

/**
 * Runs the CloudTrail detections over one event. Detections are indexed by eventSource and
 * eventName, so an event costs one map lookup plus the few detections that can fire on it.
 */
export class DetectionEngine {
  private readonly index = new Map<string, CloudTrailDetection[]>();

  constructor(
    detections: readonly CloudTrailDetection[],
    private readonly overrides: DetectionOverrides = {},
  ) {
    for (const detection of detections) {
      if (overrides[detection.definition.id]?.enabled === false) continue;
      for (const trigger of detection.triggers) {
        for (const name of trigger.eventNames) {
          const key = `${trigger.eventSource}\n${name}`;
          this.index.set(key, [...(this.index.get(key) ?? []), detection]);
        }
      }
    }
  }

  get detectionIds(): string[] {
    return [...new Set([...this.index.values()].flat().map((d) => d.definition.id))];
  }

  /** Whether any enabled detection can fire on this event at all (one map lookup). */
  mayFire(event: EventBridgeEvent<CloudTrailRecordLike>): boolean {
    return this.index.has(`${event.detail.eventSource}\n${event.detail.eventName}`);
  }

  evaluate(event: EventBridgeEvent<CloudTrailRecordLike>): Occurrence[] {
    const record = event.detail;
    const candidates = this.index.get(`${record.eventSource}\n${record.eventName}`);
    if (!candidates) return [];
    const occurrences: Occurrence[] = [];
    for (const detection of candidates) {
      const hit = detection.evaluate(event);
      if (!hit) continue;
      const definition = detection.definition;
      const override = this.overrides[definition.id] ?? {};
      occurrences.push({
        detection: definition.id,
        severity: raise(override.severity ?? definition.severity, hit.severity),
        title: definition.title,
        description: hit.description,
        subject: hit.subject,
        dedupKey: hit.dedupKey,
        windowMinutes: override.dedupWindowMinutes ?? definition.dedupWindowMinutes,
        mitre: [...definition.mitre],
        runbook: runbookFor(definition.id),
        eventId: event.id,
        eventTime: new Date(record.eventTime ?? event.time),
        source: event.source,
        account: record.recipientAccountId ?? event.account,
        region: record.awsRegion ?? event.region,
        resources: hit.resources,
        evidence: hit.evidence,
      });
    }
    return occurrences;
  }
}

function raise(base: Severity, proposed: Severity | undefined): Severity {
  if (!proposed) return base;
  return SEVERITIES.indexOf(proposed) < SEVERITIES.indexOf(base) ? proposed : base;
}
