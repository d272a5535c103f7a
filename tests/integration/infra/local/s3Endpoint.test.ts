import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { startS3 } from '../../../../infra/local/s3Endpoint';
import { S3ReportSource } from '../../../../shared/modelMonitor';

const dir = mkdtempSync(join(tmpdir(), 'vigil-s3-served-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('serves DIR/<bucket>/<key> to the unmodified SDK client, path-style, and says which objects are missing', async () => {
  const served = join(dir, 'served');
  mkdirSync(join(served, 'monitor-bucket', 'reports', 'run'), { recursive: true });
  writeFileSync(join(served, 'monitor-bucket', 'reports', 'run', 'statistics.json'), '{"features": []}');
  const s3 = await startS3({ servedDir: served });
  const client = new S3Client({ ...localClientConfig(s3.endpoint), forcePathStyle: true });
  try {
    expect(s3.buckets).toEqual({ 'monitor-bucket': 1 });
    const object = await client.send(new GetObjectCommand({ Bucket: 'monitor-bucket', Key: 'reports/run/statistics.json' }));
    expect(await object.Body!.transformToString()).toBe('{"features": []}');
    const reports = new S3ReportSource(client);
    await expect(reports.read({ bucket: 'monitor-bucket', key: 'reports/run/constraint_violations.json' })).rejects.toThrow(
      's3://monitor-bucket/reports/run/constraint_violations.json: no such object',
    );
    await expect(reports.read({ bucket: 'other-bucket', key: 'x.json' })).rejects.toThrow(
      's3://other-bucket/x.json: not readable (NoSuchBucket)',
    );
  } finally {
    client.destroy();
    await s3.close();
  }
});

test('refuses a served folder that is not a bucket name', async () => {
  const served = join(dir, 'bad');
  mkdirSync(join(served, 'Not_A_Bucket'), { recursive: true });
  await expect(startS3({ servedDir: served })).rejects.toThrow('"Not_A_Bucket" is not a valid S3 bucket name');
});
