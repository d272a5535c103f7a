import { MonitoringRunError } from './errors';

/** An S3 object or prefix: `s3://bucket/key`. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match) throw new MonitoringRunError(`"${uri}" is not an S3 URI (s3://bucket/key)`);
  return { bucket: match[1]!, key: match[2] ?? '' };
}

/** The object `name` under a prefix (the prefix with or without its trailing slash). */
export function objectUnder(prefix: S3Location, name: string): S3Location {
  const base = prefix.key.replace(/\/+$/, '');
  return { bucket: prefix.bucket, key: base === '' ? name : `${base}/${name}` };
}

export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
