import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';

/**
 * cloudtrail-stopped-or-deleted: StopLogging or DeleteTrail that succeeded; an UpdateTrail that turns
 * multi-region off or moves the trail to another bucket or KMS key.
 */
export const cloudtrailStoppedOrDeleted: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'cloudtrail-stopped-or-deleted',
    title: 'CloudTrail logging stopped, deleted or weakened',
    severity: 'critical',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.cloudtrail'],
    detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (!succeeded(record)) return undefined;
    const change = describeChange(record);
    if (!change) return undefined;
    const trail = trailName(record);
    const actor = actorOf(record);
    return {
      subject: trail,
      dedupKey: `${record.recipientAccountId ?? event.account}:${trail}`,
      description:
        `${actor} ${change} (${record.eventName} in ${record.awsRegion}). ` +
        'CloudTrail is the audit trail every other detection relies on.',
      resources: [trail].filter((r) => r.startsWith('arn:')),
      evidence: {
        eventName: record.eventName,
        actor,
        actorType: record.userIdentity.type ?? null,
        sourceIPAddress: record.sourceIPAddress ?? null,
        userAgent: record.userAgent ?? null,
        trail,
      },
    } satisfies DetectionHit;
  },
};

function describeChange(record: CloudTrailRecord): string | undefined {
  const params = record.requestParameters ?? {};
  switch (record.eventName) {
    case 'StopLogging':
      return 'stopped logging on a trail';
    case 'DeleteTrail':
      return 'deleted a trail';
    case 'UpdateTrail': {
      const changes: string[] = [];
      if (params.isMultiRegionTrail === false || params.isMultiRegionTrail === 'false') changes.push('turned multi-region logging off');
      if (typeof params.s3BucketName === 'string') changes.push(`moved log delivery to bucket ${params.s3BucketName}`);
      if (typeof params.kmsKeyId === 'string' || typeof params.kMSKeyId === 'string') changes.push('changed the log encryption key');
      return changes.length > 0 ? changes.join(', ') : undefined;
    }
    default:
      return undefined;
  }
}

function trailName(record: CloudTrailRecord): string {
  const name = record.requestParameters?.name ?? record.requestParameters?.trailName;
  return typeof name === 'string' && name.length > 0 ? name : 'unknown-trail';
}
