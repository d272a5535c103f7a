import type { S3Client } from '@aws-sdk/client-s3';
import { MissingReportError, ReportError, S3ReportSource } from '../../../shared/modelMonitor';

/** An S3 client whose GetObject fails as S3 does: an error named by its code. */
const failingWith = (name: string) =>
  ({
    send: async () => {
      throw Object.assign(new Error(`${name} from S3`), { name });
    },
  }) as unknown as S3Client;

const AT = { bucket: 'vigil-prod-model-monitor', key: 'model-monitor/run/statistics.json' };

describe('S3ReportSource: what S3 says about an object that cannot be read', () => {
  it.each([
    ['NoSuchKey', 'no such object'],
    ['NotFound', 'no such object'],
    // Without s3:ListBucket (the role has none) S3 answers a missing key with AccessDenied.
    ['AccessDenied', 'not readable (AccessDenied: no such object, or not granted to the role)'],
  ])('%s: missing (MissingReportError), naming the object', async (code, problem) => {
    const read = new S3ReportSource(failingWith(code)).read(AT);
    await expect(read).rejects.toThrow(MissingReportError);
    await expect(read).rejects.toThrow(`s3://${AT.bucket}/${AT.key}: ${problem}`);
  });

  it.each(['NoSuchBucket', 'InvalidObjectState'])('%s: not readable (a ReportError, not missing)', async (code) => {
    const read = new S3ReportSource(failingWith(code)).read(AT);
    await expect(read).rejects.toThrow(ReportError);
    await expect(read).rejects.not.toThrow(MissingReportError);
    await expect(read).rejects.toThrow(`not readable (${code})`);
  });

  it('throws throttling and network errors as they are, so the invocation is retried', async () => {
    const read = new S3ReportSource(failingWith('SlowDown')).read(AT);
    await expect(read).rejects.not.toThrow(ReportError);
    await expect(read).rejects.toThrow('SlowDown from S3');
  });
});
