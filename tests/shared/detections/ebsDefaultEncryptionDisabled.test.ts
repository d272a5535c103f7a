import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'ebs-default-encryption-disabled');

describe('ebs-default-encryption-disabled', () => {
  test('DisableEbsEncryptionByDefault raises a medium finding per account and region', () => {
    const [occurrence] = ours(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'DisableEbsEncryptionByDefault' }));
    expect(occurrence).toMatchObject({
      severity: 'medium',
      subject: '111122223333/eu-west-1',
      dedupKey: '111122223333:eu-west-1',
      mitre: ['T1486'],
    });
    expect(occurrence!.evidence).toMatchObject({ region: 'eu-west-1', actor: 'arn:aws:iam::111122223333:user/alice' });
  });

  test('a denied attempt raises too (the row counts attempts)', () => {
    const event = cloudTrailEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DisableEbsEncryptionByDefault',
      errorCode: 'Client.UnauthorizedOperation',
    });
    expect(ours(event)[0]!.evidence.succeeded).toBe(false);
  });

  test('enabling it, or reading it, raises nothing', () => {
    expect(ours(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'EnableEbsEncryptionByDefault' }))).toEqual([]);
    expect(ours(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'GetEbsEncryptionByDefault' }))).toEqual([]);
  });
});
