import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'model-monitoring-disabled');
const call = (eventName: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'sagemaker.amazonaws.com',
    eventName,
    requestParameters: { monitoringScheduleName: 'fraud-model-quality' },
    ...extra,
  });

describe('model-monitoring-disabled', () => {
  test.each(['StopMonitoringSchedule', 'DeleteMonitoringSchedule'])('%s raises a high finding on the schedule', (eventName) => {
    const [occurrence] = ours(call(eventName));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'fraud-model-quality',
      dedupKey: '111122223333:eu-west-1:fraud-model-quality',
      mitre: ['T1562.001'],
    });
    expect(occurrence!.evidence).toMatchObject({ eventName, monitoringScheduleName: 'fraud-model-quality' });
  });

  test('UpdateMonitoringSchedule raises, with the schedule ARN from the response', () => {
    const arn = 'arn:aws:sagemaker:eu-west-1:111122223333:monitoring-schedule/fraud-model-quality';
    const [occurrence] = ours(call('UpdateMonitoringSchedule', { responseElements: { monitoringScheduleArn: arn } }));
    expect(occurrence!.resources).toEqual([arn]);
  });

  test('a denied attempt raises too (the row counts attempts)', () => {
    expect(ours(call('StopMonitoringSchedule', { errorCode: 'AccessDeniedException' }))[0]!.evidence.succeeded).toBe(false);
  });

  test('starting or creating a schedule raises nothing', () => {
    expect(ours(call('StartMonitoringSchedule'))).toEqual([]);
    expect(ours(call('CreateMonitoringSchedule'))).toEqual([]);
  });
});
