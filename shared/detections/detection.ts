import type { EventBridgeEvent } from '../events/envelope';
import type { EvidenceValue, Severity } from '../findings/types';
import type { DetectionDefinition } from './catalogue';
import type { CloudTrailRecordLike } from './cloudTrailRecord';

/** What a stateless detection concludes from one event. */
export interface DetectionHit {
  subject: string;
  dedupKey: string;
  description: string;
  /** Raise above the catalogue default (e.g. a write by Root); never lowers it. */
  severity?: Severity;
  resources: string[];
  evidence: Record<string, EvidenceValue>;
}

export interface CloudTrailDetection {
  definition: DetectionDefinition;
  /** The (eventSource, eventName) pairs the detection can fire on: the engine's index. */
  triggers: ReadonlyArray<{ eventSource: string; eventNames: readonly string[] }>;
  evaluate(event: EventBridgeEvent<CloudTrailRecordLike>): DetectionHit | undefined;
}
