import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { isObject } from './policyDocument';
import { accountOf, callEvidence, isTrue, stringParam } from './requestValues';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const BUCKET_EVENTS = ['DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'];
const ACCOUNT_EVENTS = ['DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock'];

/**
 * s3-public-access-block-removed: Delete{Bucket,Account}PublicAccessBlock (success), or
 * Put{Bucket,Account}PublicAccessBlock (success) with a configuration in which any of the four flags is
 * not true (S3 treats a flag left out of the configuration as false).
 */
export const s3PublicAccessBlockRemoved: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 's3-public-access-block-removed',
    title: 'S3 Block Public Access removed or weakened',
    severity: 'high',
    mitre: ['T1530'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: [...BUCKET_EVENTS, ...ACCOUNT_EVENTS] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || !succeeded(record)) return undefined;
    const accountLevel = ACCOUNT_EVENTS.includes(record.eventName);
    if (!accountLevel && !BUCKET_EVENTS.includes(record.eventName)) return undefined;
    const params = record.requestParameters ?? {};
    let change: string;
    if (record.eventName.startsWith('Delete')) {
      change = 'deleted the Block Public Access configuration';
    } else {
      const off = flagsOff(params.PublicAccessBlockConfiguration);
      if (off.length === 0) return undefined;
      change = `turned off Block Public Access ${off.join(', ')}`;
    }
    const account = accountOf(event);
    const bucket = accountLevel ? undefined : (stringParam(params.bucketName) ?? 'unknown-bucket');
    const target = bucket ? `bucket s3://${bucket}` : `the whole account ${account}`;
    return {
      subject: bucket ? `arn:aws:s3:::${bucket}` : account,
      dedupKey: `${account}:${bucket ?? 'account'}`,
      description:
        `${actorOf(record)} ${change} of ${target} (account ${account}, ${record.awsRegion}). ` +
        'Bucket policies and ACLs that grant public access now take effect.',
      resources: bucket ? [`arn:aws:s3:::${bucket}`] : [],
      evidence: { ...callEvidence(record), account, bucket: bucket ?? null, scope: bucket ? 'bucket' : 'account', change },
    } satisfies DetectionHit;
  },
};

/** The flags a configuration leaves off; [] when there is no configuration to read. */
function flagsOff(configuration: unknown): string[] {
  if (!isObject(configuration)) return [];
  return FLAGS.filter((flag) => !isTrue(configuration[flag]));
}
