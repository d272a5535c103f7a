import { z } from 'zod';
import { ModelMonitorError } from './errors';
import type { S3Location } from './s3Location';

/** S3 bucket names: 3-63 characters of lower-case letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** One entry of the list: a whole bucket, or the keys under `prefix/` in it. */
export interface MonitoringBucket {
  readonly bucket: string;
  /** Without leading or trailing slash; undefined for the whole bucket. */
  readonly prefix?: string;
}

/** An entry of the monitoring-bucket list that is not `bucket` or `bucket/prefix`. */
export class MonitoringBucketsError extends ModelMonitorError {
  override readonly name: string = 'MonitoringBucketsError';
}

/**
 * The monitoring buckets a stage's model monitor may read (the `modelMonitorBuckets` stage parameter): a
 * comma-separated list of `bucket` or `bucket/prefix`. The same list is compiled into the function role's
 * s3:GetObject resources (`arn:aws:s3:::<entry>/*`, infra/manifest/renderServerless.ts) and checked by the
 * function before it reads an object, so a run whose S3Uri lies outside is quarantined with a reason naming the
 * object instead of failing on AccessDenied. `allows` matches as that IAM resource does: every key of a bucket
 * entry, the keys that begin with `prefix/` of a prefixed one. No wildcards: an entry says exactly what it grants.
 */
export class MonitoringBuckets {
  private constructor(readonly entries: readonly MonitoringBucket[]) {}

  /** Parses the parameter's value; '' is the empty list (nothing readable). */
  static parse(list: string): MonitoringBuckets {
    const entries = list
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '')
      .map(parseEntry);
    return new MonitoringBuckets(entries);
  }

  allows(location: S3Location): boolean {
    return this.entries.some((e) => e.bucket === location.bucket && (e.prefix === undefined || location.key.startsWith(`${e.prefix}/`)));
  }

  /** The entries as the parameter writes them: `bucket` or `bucket/prefix`. */
  toString(): string {
    return this.entries.map(entryText).join(',');
  }
}

export const entryText = (e: MonitoringBucket): string => (e.prefix === undefined ? e.bucket : `${e.bucket}/${e.prefix}`);

function parseEntry(entry: string): MonitoringBucket {
  if (/[*?]/.test(entry)) throw new MonitoringBucketsError(`"${entry}": wildcards are not allowed, name a bucket or bucket/prefix`);
  const slash = entry.indexOf('/');
  const bucket = slash < 0 ? entry : entry.slice(0, slash);
  if (!BUCKET_NAME.test(bucket)) throw new MonitoringBucketsError(`"${entry}": "${bucket}" is not an S3 bucket name`);
  const prefix = slash < 0 ? '' : entry.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (prefix.includes('//')) throw new MonitoringBucketsError(`"${entry}": the prefix has an empty path segment`);
  return prefix === '' ? { bucket } : { bucket, prefix };
}

/** The environment variable holding the list (validated at cold start: a bad entry stops the function there). */
export const MonitoringBucketsSchema = z.string().transform((raw, ctx) => {
  try {
    return MonitoringBuckets.parse(raw);
  } catch (error) {
    if (!(error instanceof MonitoringBucketsError)) throw error;
    ctx.addIssue({ code: 'custom', message: `must list bucket or bucket/prefix entries, comma-separated: ${error.message}` });
    return z.NEVER;
  }
});
