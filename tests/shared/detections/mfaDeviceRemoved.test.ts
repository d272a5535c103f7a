import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'mfa-device-removed');
const serial = 'arn:aws:iam::111122223333:mfa/bob-phone';

describe('mfa-device-removed', () => {
  test('DeactivateMFADevice raises a high finding on the user, keyed by device', () => {
    const [occurrence] = ours(
      cloudTrailEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'DeactivateMFADevice',
        requestParameters: { userName: 'bob', serialNumber: serial },
      }),
    );
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:iam::111122223333:user/bob',
      dedupKey: `111122223333:${serial}`,
      resources: ['arn:aws:iam::111122223333:user/bob', serial],
      mitre: ['T1556.006'],
    });
    expect(occurrence!.evidence).toMatchObject({ userName: 'bob', serialNumber: serial, actor: 'arn:aws:iam::111122223333:user/alice' });
  });

  test('DeleteVirtualMFADevice of the same device shares the dedup key', () => {
    const [occurrence] = ours(
      cloudTrailEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'DeleteVirtualMFADevice',
        requestParameters: { serialNumber: serial },
      }),
    );
    expect(occurrence).toMatchObject({ subject: serial, dedupKey: `111122223333:${serial}` });
  });

  test('a failed call raises nothing (the row says success)', () => {
    const event = cloudTrailEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'DeactivateMFADevice',
      requestParameters: { userName: 'bob', serialNumber: serial },
      errorCode: 'AccessDenied',
    });
    expect(ours(event)).toEqual([]);
  });

  test('enabling or listing MFA devices raises nothing', () => {
    expect(ours(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'EnableMFADevice' }))).toEqual([]);
    expect(ours(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListMFADevices' }))).toEqual([]);
  });
});
