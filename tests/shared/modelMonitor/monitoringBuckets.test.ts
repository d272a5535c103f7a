import {
  InMemoryReportSource,
  MonitoringBuckets,
  MonitoringBucketsError,
  MonitoringBucketsSchema,
  ReportError,
  ScopedReportSource,
} from '../../../shared/modelMonitor';

describe('MonitoringBuckets (the modelMonitorBuckets stage parameter)', () => {
  const list = MonitoringBuckets.parse(' vigil-prod-model-monitor/model-monitor/ , ml-team-baselines ');

  it('reads bucket and bucket/prefix entries, trimmed, without trailing slashes', () => {
    expect(list.entries).toEqual([{ bucket: 'vigil-prod-model-monitor', prefix: 'model-monitor' }, { bucket: 'ml-team-baselines' }]);
    expect(list.toString()).toBe('vigil-prod-model-monitor/model-monitor,ml-team-baselines');
  });

  it.each([
    ['vigil-prod-model-monitor', 'model-monitor/fraud/2026/11/20/13/statistics.json', true],
    ['vigil-prod-model-monitor', 'model-monitor-other/statistics.json', false],
    ['vigil-prod-model-monitor', 'model-monitor', false],
    ['vigil-prod-model-monitor', 'reports/statistics.json', false],
    ['ml-team-baselines', 'anything/at/all.json', true],
    ['ml-team-baselines-2', 'anything.json', false],
  ])('s3://%s/%s readable: %s (as the IAM resource arn:aws:s3:::<entry>/* matches)', (bucket, key, expected) => {
    expect(list.allows({ bucket, key })).toBe(expected);
  });

  it('reads an empty value as an empty list that allows nothing', () => {
    const none = MonitoringBuckets.parse('');
    expect(none.entries).toEqual([]);
    expect(none.allows({ bucket: 'vigil-prod-model-monitor', key: 'model-monitor/x' })).toBe(false);
  });

  it.each([
    ['vigil-prod-model-monitor/*', /wildcards are not allowed/],
    ['Vigil_Prod', /is not an S3 bucket name/],
    ['s3://vigil-prod-model-monitor', /is not an S3 bucket name/],
    ['vigil-prod-model-monitor/a//b', /empty path segment/],
  ])('refuses %s', (entry, message) => {
    expect(() => MonitoringBuckets.parse(entry)).toThrow(MonitoringBucketsError);
    expect(() => MonitoringBuckets.parse(entry)).toThrow(message);
  });

  it('is validated at cold start through the config schema, with the entry named', () => {
    const result = MonitoringBucketsSchema.safeParse('vigil-prod-model-monitor,bad_bucket');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/"bad_bucket" is not an S3 bucket name/);
    expect(MonitoringBucketsSchema.parse('a-bucket/p').allows({ bucket: 'a-bucket', key: 'p/q' })).toBe(true);
  });
});

describe('ScopedReportSource', () => {
  const inner = new InMemoryReportSource({
    's3://vigil-prod-model-monitor/model-monitor/run/constraint_violations.json': '{"violations": []}',
    's3://other-team-bucket/model-monitor/run/constraint_violations.json': '{"violations": []}',
  });
  const scoped = new ScopedReportSource(inner, MonitoringBuckets.parse('vigil-prod-model-monitor/model-monitor'));

  it('reads inside the list', async () => {
    await expect(scoped.read({ bucket: 'vigil-prod-model-monitor', key: 'model-monitor/run/constraint_violations.json' })).resolves.toBe(
      '{"violations": []}',
    );
  });

  it('refuses an object outside the list before reading it, naming the object and the list', async () => {
    const read = jest.spyOn(inner, 'read');
    const outside = scoped.read({ bucket: 'other-team-bucket', key: 'model-monitor/run/constraint_violations.json' });
    await expect(outside).rejects.toThrow(ReportError);
    await expect(outside).rejects.toThrow(
      's3://other-team-bucket/model-monitor/run/constraint_violations.json: outside the monitoring buckets this stage may read ' +
        '(modelMonitorBuckets: vigil-prod-model-monitor/model-monitor)',
    );
    expect(read).not.toHaveBeenCalled();
  });

  it('says "none" when the list is empty (locally: no --s3-dir served)', async () => {
    const none = new ScopedReportSource(inner, MonitoringBuckets.parse(''));
    await expect(none.read({ bucket: 'vigil-prod-model-monitor', key: 'model-monitor/run/x.json' })).rejects.toThrow(
      '(modelMonitorBuckets: none)',
    );
  });
});
