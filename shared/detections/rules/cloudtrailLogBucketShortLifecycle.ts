import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailEnvelope, type CloudTrailRecord } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { observe, type StateMember } from '../observation';
import { outcomeOf } from './identityHelpers';
import { enumOf, fieldOf } from './personHelpers';
import { accountOf, stringParam } from './requestValues';

const DAY_MINUTES = 24 * 60;

const parameters = z.strictObject({
  trailBuckets: z
    .array(z.string().min(1))
    .default([])
    .describe('Buckets (names or arn:aws:s3:::name) that receive CloudTrail logs, e.g. an organisation trail in another account'),
  rememberDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(400)
    .describe('Days a bucket learnt from CreateTrail/UpdateTrail stays a trail bucket (state kept that long, for this detection only)'),
  minimumRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(7)
    .describe('An enabled lifecycle rule that deletes log objects sooner than this many days fires'),
});
type Params = z.infer<typeof parameters>;

/** The member value of a trail naming the bucket; every other member is a risky change (a JSON Change). */
const TRAIL = 'trail';

type ChangeKind = 'PutBucketLifecycle' | 'DeleteBucket' | 'DeleteBucketPolicy';

/** A risky change as state holds it: what the finding needs, since a member keeps no record. */
interface Change {
  kind: ChangeKind;
  /** The particulars, for the evidence ("rule logs: objects expire after 1 day(s)"). */
  detail: string;
  account: string;
  region: string;
  actor: string;
}

/** What each kind of change does to the logs: the description, the same for every event of a finding. */
const MEANING: Record<ChangeKind, string> = {
  PutBucketLifecycle: `was given a lifecycle rule that deletes log objects within days (evidence.change says which)`,
  DeleteBucket: 'was deleted, with every log it held',
  DeleteBucketPolicy: 'lost its bucket policy: CloudTrail can no longer write its logs there',
};

/**
 * cloudtrail-log-bucket-short-lifecycle: a trail's log bucket made to lose its logs: PutBucketLifecycle with an
 * enabled rule that expires objects (Expiration.Days, or an Expiration.Date) or noncurrent versions
 * (NoncurrentVersionExpiration.NoncurrentDays: on a versioned bucket that is what makes deleted logs
 * unrecoverable) sooner than minimumRetentionDays, attempts included; DeleteBucket or DeleteBucketPolicy that
 * succeeded (without its policy CloudTrail can no longer write there).
 *
 * Trail buckets are the configured ones plus those learnt from CreateTrail/UpdateTrail (success) naming an
 * s3BucketName. Window state keyed by bucket name (global, so a trail in one account and its bucket in a log
 * archive account meet): trails add a `trail` member, risky calls a member describing the change, and the
 * decision fires for every risky member once the bucket is configured or a trail member lies within
 * rememberDays of it, on either side. That is monotone, so the order of delivery does not matter: a CreateTrail
 * delivered after the lifecycle change fires it then. A bucket a trail has since moved away from still holds
 * its old logs, so it stays a trail bucket for rememberDays.
 */
export const cloudtrailLogBucketShortLifecycle: WindowDetection<Params> = {
  kind: 'window',
  definition: {
    id: 'cloudtrail-log-bucket-short-lifecycle',
    title: 'CloudTrail log bucket set to lose its logs (short lifecycle, deleted, or its policy removed)',
    severity: 'high',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.s3', 'aws.cloudtrail'],
    detail: {
      eventSource: ['s3.amazonaws.com', 'cloudtrail.amazonaws.com'],
      eventName: ['PutBucketLifecycle', 'DeleteBucket', 'DeleteBucketPolicy', 'CreateTrail', 'UpdateTrail'],
    },
  },
  observe(event, params) {
    const record = event.detail;
    if (record.eventSource === 'cloudtrail.amazonaws.com') {
      if ((record.eventName !== 'CreateTrail' && record.eventName !== 'UpdateTrail') || !succeeded(record)) return [];
      const bucket =
        stringParam(fieldOf(record.requestParameters, 's3BucketName')) ?? stringParam(fieldOf(record.responseElements, 's3BucketName'));
      return bucket ? [observe(event, bucketKey(bucket), TRAIL)] : [];
    }
    if (record.eventSource !== 's3.amazonaws.com') return [];
    const bucket = stringParam(fieldOf(record.requestParameters, 'bucketName'));
    const change = riskyChange(event, params);
    return bucket && change ? [observe(event, bucketKey(bucket), JSON.stringify(change))] : [];
  },
  horizonMinutes: (params) => params.rememberDays * DAY_MINUTES,
  decide(state, params) {
    const bucket = state.key.slice('bucket:'.length);
    const configured = params.trailBuckets.some((b) => bucketName(b) === bucket);
    const trails = state.members.filter((m) => m.value === TRAIL).map((m) => m.time);
    if (!configured && trails.length === 0) return [];
    // Within rememberDays of the change, on either side, whatever else the read range holds: so the batch
    // boundaries (which widen the range read) cannot change the outcome.
    const horizon = params.rememberDays * DAY_MINUTES * 60_000;
    const why = configured ? 'a configured trail bucket' : 'the log bucket of a trail seen in CloudTrail';
    return state.members
      .filter((m) => m.value !== TRAIL && (configured || trails.some((t) => Math.abs(t - m.time) <= horizon)))
      .flatMap((m) => hitOf(bucket, m, why));
  },
};

const bucketKey = (bucket: string) => `bucket:${bucketName(bucket)}`;

/** "arn:aws:s3:::name" (any partition) or "name" → "name". */
function bucketName(value: string): string {
  return value.trim().replace(/^arn:[^:]+:s3:::/, '');
}

/** What a risky S3 call does to the bucket's logs, or undefined when it is not risky. */
function riskyChange(event: CloudTrailEnvelope, params: Params): Change | undefined {
  const record = event.detail;
  const change = (kind: ChangeKind, detail: string): Change => ({
    kind,
    detail,
    account: accountOf(event),
    region: record.awsRegion,
    actor: actorOf(record),
  });
  switch (record.eventName) {
    case 'DeleteBucket':
    case 'DeleteBucketPolicy':
      return succeeded(record) ? change(record.eventName, record.eventName) : undefined;
    case 'PutBucketLifecycle': {
      const short = shortRules(record, params.minimumRetentionDays);
      return short.length > 0 ? change('PutBucketLifecycle', `${short.join('; ')}${outcomeOf(record)}`) : undefined;
    }
    default:
      return undefined;
  }
}

/** The enabled rules of the request's lifecycle configuration that delete objects sooner than `minimum` days. */
function shortRules(record: CloudTrailRecord, minimum: number): string[] {
  const configuration = fieldOf(record.requestParameters, 'LifecycleConfiguration');
  const rules = fieldOf(configuration, 'Rule');
  const eventTime = Date.parse(record.eventTime);
  const found: string[] = [];
  for (const rule of Array.isArray(rules) ? rules : [rules]) {
    if (enumOf(rule, 'Status') !== 'ENABLED') continue;
    const id = stringParam(fieldOf(rule, 'ID')) ?? '(no ID)';
    const parts: string[] = [];
    const expiration = fieldOf(rule, 'Expiration');
    const days = daysOf(fieldOf(expiration, 'Days'));
    if (days !== undefined && days < minimum) parts.push(`objects expire after ${days} day(s)`);
    const date = Date.parse(String(fieldOf(expiration, 'Date') ?? ''));
    if (Number.isFinite(date) && date < eventTime + minimum * DAY_MINUTES * 60_000) {
      parts.push(`objects expire on ${new Date(date).toISOString().slice(0, 10)}`);
    }
    const noncurrent = daysOf(fieldOf(fieldOf(rule, 'NoncurrentVersionExpiration'), 'NoncurrentDays'));
    if (noncurrent !== undefined && noncurrent < minimum) parts.push(`noncurrent versions expire after ${noncurrent} day(s)`);
    if (parts.length > 0) found.push(`rule ${id}: ${parts.join(', ')}`);
  }
  return found;
}

/** Days as CloudTrail copies them from the XML: a number or its string spelling; undefined otherwise. */
function daysOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function hitOf(bucket: string, member: StateMember, why: string): StatefulHit[] {
  let change: Change;
  try {
    change = JSON.parse(member.value) as Change;
  } catch {
    return [];
  }
  if (!Object.hasOwn(MEANING, change.kind)) return [];
  const arn = `arn:aws:s3:::${bucket}`;
  return [
    {
      subject: arn,
      source: 'aws.s3',
      account: change.account,
      region: change.region,
      dedupKey: `${change.account}:${bucket}:${change.kind}`,
      description:
        `s3://${bucket}, ${why} (account ${change.account}, ${change.region}), ${MEANING[change.kind]}. ` +
        'Those logs are what an investigation reads: someone may be clearing the way, or their own tracks.',
      resources: [arn],
      evidence: { bucket, change: change.detail, actor: change.actor, account: change.account, trailBucket: why },
      members: [member],
    },
  ];
}
