import type { CloudTrailRecord } from '../../events/schemas/cloudtrail';
import type { EventBridgeEvent } from '../events/envelope';

/**
 * The CloudTrail record the detections read: exactly what events/schemas/cloudtrail.ts validates
 * (z.infer of its schema), so the handler passes the parsed event on without a cast.
 */
export type { CloudTrailRecord };

/** A CloudTrail record as EventBridge delivers it: what every detection receives. */
export type CloudTrailEnvelope = EventBridgeEvent<CloudTrailRecord>;

/** "success" in the catalogue: the record has neither errorCode nor errorMessage. */
export function succeeded(record: CloudTrailRecord): boolean {
  return !record.errorCode && !record.errorMessage;
}

/** The acting principal, as precise as the record allows. */
export function actorOf(record: CloudTrailRecord): string {
  const id = record.userIdentity;
  return id.arn ?? id.sessionContext?.sessionIssuer?.arn ?? id.userName ?? id.principalId ?? id.type ?? 'unknown';
}
