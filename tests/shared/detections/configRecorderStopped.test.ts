import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const call = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'config.amazonaws.com', eventName, requestParameters, ...extra });
const ours = (event: ReturnType<typeof call>) => engine.evaluate(event).filter((o) => o.detection === 'config-recorder-stopped');

describe('config-recorder-stopped', () => {
  test('StopConfigurationRecorder raises a high finding on the recorder', () => {
    const [occurrence] = ours(call('StopConfigurationRecorder', { configurationRecorderName: 'default' }));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'default',
      dedupKey: '111122223333:eu-west-1:default',
      mitre: ['T1562.001'],
    });
    expect(occurrence!.evidence).toMatchObject({ eventName: 'StopConfigurationRecorder', succeeded: true });
  });

  test.each([
    ['DeleteConfigurationRecorder', { configurationRecorderName: 'main' }, 'main'],
    ['DeleteDeliveryChannel', { deliveryChannelName: 'to-audit' }, 'to-audit'],
  ])('%s raises on the named resource', (eventName, params, subject) => {
    expect(ours(call(eventName, params)).map((o) => o.subject)).toEqual([subject]);
  });

  test('a failed attempt raises too (the row counts attempts)', () => {
    const [occurrence] = ours(call('StopConfigurationRecorder', { configurationRecorderName: 'default' }, { errorCode: 'AccessDenied' }));
    expect(occurrence!.description).toContain('failed with AccessDenied');
  });

  test('starting or defining the recorder raises nothing', () => {
    expect(ours(call('StartConfigurationRecorder', { configurationRecorderName: 'default' }))).toEqual([]);
    expect(ours(call('PutDeliveryChannel', { deliveryChannel: { name: 'default' } }))).toEqual([]);
  });
});
