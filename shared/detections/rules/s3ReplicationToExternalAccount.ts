import { z } from 'zod';
import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { enumOf, fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';
import { allowedAccounts } from './windowParameters';

const parameters = z.strictObject({
  allowedAccounts: allowedAccounts(
    "Accounts (besides the bucket's own, always allowed) that buckets may replicate to, e.g. a backup account",
  ),
  allowedDestinationBuckets: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Destination buckets (names or arn:aws:s3:::name) known to be yours, never alerted. When set, a destination whose ' +
        'account the call does not state (Destination.Account is optional) and that is not listed fires too',
    ),
});
type Params = z.infer<typeof parameters>;

interface Destination {
  bucket: string;
  /** The destination's account when the call states it (Destination.Account, or the bucket's entry in resources). */
  account: string | undefined;
}

/**
 * s3-replication-to-external-account: PutBucketReplication (attempts count: the row does not say success)
 * with an enabled rule whose destination is in an account other than the bucket's own and not allow-listed.
 * The request carries ReplicationConfiguration.Rule (one object or a list), each with Destination.Bucket
 * (an ARN) and an optional Destination.Account; S3 checks that account only with AccessControlTranslation,
 * so a rule may replicate to another account without naming it. Such a destination fires only when the
 * stage lists its destination buckets (allowedDestinationBuckets) and this one is not among them: without
 * that list every same-account replication would look alike. A disabled rule copies nothing (enabling it is
 * another PutBucketReplication, which is seen then).
 */
export const s3ReplicationToExternalAccount: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 's3-replication-to-external-account',
    title: 'S3 bucket replicated to an outside account',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketReplication'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || record.eventName !== 'PutBucketReplication') return undefined;
    const account = accountOf(event);
    const allowedBuckets = new Set(params.allowedDestinationBuckets.map(bucketName));
    const outside = destinations(record).filter((d) => {
      if (allowedBuckets.has(d.bucket)) return false;
      if (d.account !== undefined) return d.account !== account && !params.allowedAccounts.includes(d.account);
      return allowedBuckets.size > 0;
    });
    if (outside.length === 0) return undefined;
    const source = stringParam(record.requestParameters?.bucketName) ?? 'unknown-bucket';
    const where = outside.map((d) => `s3://${d.bucket} (${d.account ? `account ${d.account}` : 'account not stated, bucket not listed'})`);
    const accounts = [...new Set(outside.map((d) => d.account ?? 'unknown'))].sort();
    return {
      subject: `arn:aws:s3:::${source}`,
      dedupKey: `${account}:${source}:${accounts.join(',')}`,
      description:
        `${actorOf(record)} configured replication of s3://${source}${outcomeOf(record)} (account ${account}, ` +
        `${record.awsRegion}) to ${[...new Set(where)].join(', ')}. Every new object written to the bucket will be ` +
        'copied there by S3 itself, continuously, with no further call to see.',
      resources: [`arn:aws:s3:::${source}`, ...[...new Set(outside.map((d) => `arn:aws:s3:::${d.bucket}`))]],
      evidence: {
        ...callEvidence(record),
        account,
        sourceBucket: source,
        destinationBuckets: [...new Set(outside.map((d) => d.bucket))].join(', '),
        destinationAccounts: accounts.join(', '),
        replicationRole: stringParam(fieldOf(fieldOf(record.requestParameters, 'ReplicationConfiguration'), 'Role')) ?? null,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};

/** The destinations of the enabled rules of the request's replication configuration. */
function destinations(record: CloudTrailRecord): Destination[] {
  const configuration = fieldOf(record.requestParameters, 'ReplicationConfiguration');
  const rules = fieldOf(configuration, 'Rule');
  const found: Destination[] = [];
  for (const rule of Array.isArray(rules) ? rules : [rules]) {
    if (enumOf(rule, 'Status') !== 'ENABLED') continue;
    const destination = fieldOf(rule, 'Destination');
    const bucket = stringParam(fieldOf(destination, 'Bucket'));
    if (!bucket) continue;
    const raw = fieldOf(destination, 'Account');
    const stated = typeof raw === 'string' || typeof raw === 'number' ? stringParam(String(raw).trim()) : undefined;
    found.push({ bucket: bucketName(bucket), account: stated ?? ownerInResources(record, bucket) });
  }
  return found;
}

/** The account CloudTrail's resources list gives for the bucket, when it lists it with one. */
function ownerInResources(record: CloudTrailRecord, bucket: string): string | undefined {
  const arn = `arn:aws:s3:::${bucketName(bucket)}`;
  const entry = (record.resources ?? []).find((r) => (r.ARN ?? (r as Record<string, unknown>).arn) === arn);
  return stringParam(entry?.accountId);
}

/** "arn:aws:s3:::name" (any partition) or "name" → "name". */
function bucketName(value: string): string {
  return value.trim().replace(/^arn:[^:]+:s3:::/, '');
}
