import { monitoringRunOf, outcomeOf } from '../../../shared/modelMonitor';
import { monitoringRunEvent } from '../../helpers/modelMonitorEvents';

describe('outcomeOf', () => {
  it.each([
    ['Completed', 'Completed: Job completed successfully with no violations.', undefined, { kind: 'completed' }],
    ['Completed', 'CompletedWithViolations: Job completed successfully with 60 violations.', undefined, { kind: 'violations', count: 60 }],
    ['Completed', 'CompletedWithViolations: Job completed successfully with 1 violation.', undefined, { kind: 'violations', count: 1 }],
    ['Completed', 'CompletedWithViolations', undefined, { kind: 'violations', count: undefined }],
    ['Completed', undefined, undefined, { kind: 'completed' }],
    ['Failed', 'Job inputs had no data', 'Job inputs had no data', { kind: 'failed', reason: 'Job inputs had no data' }],
    ['Failed', undefined, undefined, { kind: 'failed', reason: 'no reason given' }],
    ['Stopped', undefined, undefined, { kind: 'stopped', reason: 'stopped' }],
    ['InProgress', undefined, undefined, { kind: 'in-progress' }],
  ])('%s with "%s" is %j', (status, exit, failure, outcome) => {
    expect(outcomeOf(status, exit, failure)).toEqual(outcome);
  });
});

describe('monitoringRunOf', () => {
  const event = monitoringRunEvent({ id: '1b2c3d4e-0000-4000-8000-000000000001', end: '2026-11-20T13:00:00Z' });

  it('places a run: schedule, model, type, report output, baseline files and the end of its data window', () => {
    expect(monitoringRunOf(event)).toMatchObject({
      schedule: 'fraud-scorer-prod-data-quality-daily',
      model: 'fraud-scorer-prod',
      monitoringType: 'DataQuality',
      outcome: { kind: 'completed' },
      reports: {
        bucket: 'vigil-model-monitor-111122223333',
        key: 'reports/fraud-scorer-prod/fraud-scorer-prod-data-quality-daily/2026/11/20/13',
      },
      baseline: {
        statistics: { bucket: 'vigil-model-monitor-111122223333', key: 'baselines/fraud-scorer-prod/2026-11-02/statistics.json' },
        constraints: { bucket: 'vigil-model-monitor-111122223333', key: 'baselines/fraud-scorer-prod/2026-11-02/constraints.json' },
      },
      runTime: new Date('2026-11-20T13:00:00Z'),
    });
  });

  it('recognises a run from the schedule name alone, or the analyzer image alone; tags are not needed', () => {
    const byName = structuredClone(event);
    delete byName.detail.MonitoringScheduleArn;
    delete byName.detail.Tags;
    expect(monitoringRunOf(byName)?.schedule).toBe('fraud-scorer-prod-data-quality-daily');
    const byImage = structuredClone(byName);
    byImage.detail.Environment = {};
    expect(monitoringRunOf(byImage)?.schedule).toBe(byImage.detail.ProcessingJobName);
    expect(monitoringRunOf(byImage)?.baseline).toMatchObject({
      statistics: { key: 'baselines/fraud-scorer-prod/2026-11-02/statistics.json' },
    });
  });

  it('leaves other processing jobs alone', () => {
    const other = structuredClone(event);
    delete other.detail.MonitoringScheduleArn;
    other.detail.Environment = {};
    other.detail.AppSpecification = { ImageUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/feature-etl:4' };
    expect(monitoringRunOf(other)).toBeUndefined();
  });

  it('a schedule without a baseline has none; a baseline input naming a prefix gets the file under it', () => {
    expect(
      monitoringRunOf(monitoringRunEvent({ id: '1b2c3d4e-0000-4000-8000-000000000002', end: '2026-11-20T13:00:00Z', noBaseline: true }))
        ?.baseline,
    ).toEqual({
      statistics: undefined,
      constraints: undefined,
    });
    const prefix = structuredClone(event);
    prefix.detail.ProcessingInputs![1]!.S3Input!.S3Uri = 's3://vigil-model-monitor-111122223333/baselines/b/';
    expect(monitoringRunOf(prefix)?.baseline.statistics).toEqual({
      bucket: 'vigil-model-monitor-111122223333',
      key: 'baselines/b/statistics.json',
    });
  });

  it('a run without a report output is a MonitoringRunError', () => {
    const none = structuredClone(event);
    none.detail.ProcessingOutputConfig!.Outputs = [];
    expect(() => monitoringRunOf(none)).toThrow(/names no report output/);
  });
});
