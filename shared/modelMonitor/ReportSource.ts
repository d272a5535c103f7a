import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MissingReportError, ReportError } from './errors';
import { s3Uri, type S3Location } from './s3Location';

/**
 * Where a run's report files are read from: S3 in Lambda, a map in unit tests. `read` throws a
 * ReportError (the run is quarantined) when the object is missing, not readable or too large; other
 * failures (throttling, the network) are thrown as they are, so the invocation is retried.
 */
export interface ReportSource {
  read(location: S3Location): Promise<string>;
}

/** Statistics of a few hundred features with their sketches stay far below this; a larger object is not a report. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** S3 errors that say the object cannot be had, whatever the retries: the run is quarantined naming it. */
const NOT_READABLE = new Set(['NoSuchBucket', 'InvalidObjectState', 'Forbidden']);
/** ...and those that say it is not there (AccessDenied: what S3 answers for a missing key to a role without s3:ListBucket). */
const MISSING: Record<string, string> = {
  NoSuchKey: 'no such object',
  NotFound: 'no such object',
  AccessDenied: 'not readable (AccessDenied: no such object, or not granted to the role)',
};

export class S3ReportSource implements ReportSource {
  constructor(private readonly s3: S3Client) {}

  async read(location: S3Location): Promise<string> {
    const uri = s3Uri(location);
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      if ((object.ContentLength ?? 0) > MAX_REPORT_BYTES) {
        object.Body?.transformToWebStream().cancel();
        throw new ReportError(uri, `${object.ContentLength} bytes, over the ${MAX_REPORT_BYTES} bytes a report may have`);
      }
      return (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof ReportError) throw error;
      const name = (error as Error).name;
      if (MISSING[name] !== undefined) throw new MissingReportError(uri, MISSING[name]);
      if (NOT_READABLE.has(name)) throw new ReportError(uri, `not readable (${name})`);
      throw error;
    }
  }
}

/** Reports held in memory by `s3://bucket/key`, for tests. */
export class InMemoryReportSource implements ReportSource {
  constructor(private readonly objects: ReadonlyMap<string, string> | Record<string, string>) {}

  async read(location: S3Location): Promise<string> {
    const uri = s3Uri(location);
    const text = this.objects instanceof Map ? this.objects.get(uri) : (this.objects as Record<string, string>)[uri];
    if (text === undefined) throw new MissingReportError(uri, 'no such object');
    return text;
  }
}
